using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Synthesis.Ingest.Search;

/// <summary>
/// Writes a dotted acronym as its letters: "I.S.F" (StandardTokenizer keeps a letter-dot-letter run as one token and
/// drops the final dot) becomes "ISF", so that "I.S.F." and "ISF", "A.M.E." and "AME" are one term. Only tokens made of
/// single letters separated by dots are changed; "granddébat.fr" or "1.85" pass unchanged.
/// </summary>
public sealed class AcronymFilter : TokenFilter
{
    readonly ICharTermAttribute _term;

    public AcronymFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var buffer = _term.Buffer;
        var length = _term.Length;
        if (IsDottedAcronym(buffer, length))
        {
            var w = 0;
            for (var r = 0; r < length; r++)
                if (buffer[r] != '.') buffer[w++] = buffer[r];
            _term.Length = w;
        }
        return true;
    }

    /// <summary>Letter, then one or more ".letter", then at most one final dot: "i.s.f", "c.a.f.".</summary>
    internal static bool IsDottedAcronym(char[] s, int length)
    {
        if (length < 3 || !char.IsLetter(s[0])) return false;
        var i = 1;
        var groups = 0;
        while (i + 1 < length && s[i] == '.' && char.IsLetter(s[i + 1])) { i += 2; groups++; }
        if (i < length && s[i] == '.') i++;
        return groups > 0 && i == length;
    }
}
