namespace Synthesis.Nlp.French;

/// <summary>
/// The Snowball French stemmer (snowballstem.org/algorithms/french), written from the published algorithm.
/// Callers normally pass accent-folded lower-case words (see <see cref="FrenchText.Fold(string)"/>): that is how the
/// nlp.js <c>pattern_fr.json</c> stems were made, so the accented suffixes of the algorithm (é, ité, ière...) then
/// never match, exactly as in nlp.js. Accented input is handled by the full algorithm too.
/// Pure function, thread-safe, no state.
/// </summary>
public static class FrenchStemmer
{
    static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y'
        or 'â' or 'à' or 'ë' or 'é' or 'ê' or 'è' or 'ï' or 'î' or 'ô' or 'û' or 'ù';

    static readonly string[] Step1Delete = ["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"];
    static readonly string[] Step1Ateur = ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"];
    static readonly string[] Step1Logie = ["logie", "logies"];
    static readonly string[] Step1Usion = ["usion", "ution", "usions", "utions"];
    static readonly string[] Step1Ence = ["ence", "ences"];
    static readonly string[] Step1Ement = ["ement", "ements"];
    static readonly string[] Step1Ite = ["ité", "ités"];
    static readonly string[] Step1If = ["if", "ive", "ifs", "ives"];
    static readonly string[] Step1Eaux = ["eaux"];
    static readonly string[] Step1Aux = ["aux"];
    static readonly string[] Step1Euse = ["euse", "euses"];
    static readonly string[] Step1Issement = ["issement", "issements"];
    static readonly string[] Step1Amment = ["amment"];
    static readonly string[] Step1Emment = ["emment"];
    static readonly string[] Step1Ment = ["ment", "ments"];

    static readonly string[][] Step1Groups =
    [
        Step1Delete, Step1Ateur, Step1Logie, Step1Usion, Step1Ence, Step1Ement, Step1Ite, Step1If, Step1Eaux,
        Step1Aux, Step1Euse, Step1Issement, Step1Amment, Step1Emment, Step1Ment,
    ];

    static readonly string[] Step2a =
    [
        "îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait", "iras", "irent", "irez",
        "iriez", "irions", "irons", "iront", "is", "issaIent", "issais", "issait", "issant", "issante", "issantes",
        "issants", "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it",
    ];

    static readonly string[] Step2bIons = ["ions"];
    static readonly string[] Step2bDelete =
    [
        "é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait", "eras", "erez", "eriez",
        "erions", "erons", "eront", "ez", "iez",
    ];
    static readonly string[] Step2bA =
    [
        "âmes", "ât", "âtes", "a", "ai", "aIent", "ais", "ait", "ant", "ante", "antes", "ants", "as", "asse", "assent",
        "asses", "assiez", "assions",
    ];
    static readonly string[][] Step2bGroups = [Step2bIons, Step2bDelete, Step2bA];

    static readonly string[] Step4Ion = ["ion"];
    static readonly string[] Step4Ier = ["ier", "ière", "Ier", "Ière"];
    static readonly string[] Step4E = ["e"];
    static readonly string[] Step4Ediaeresis = ["ë"];
    static readonly string[][] Step4Groups = [Step4Ion, Step4Ier, Step4E, Step4Ediaeresis];

    /// <summary>Returns the Snowball stem of one lower-case word.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 2) return word;
        var w = new Word(word);
        w.Prelude();
        w.MarkRegions();

        var step1 = w.StandardSuffix();
        var success = step1 || w.IVerbSuffix() || w.VerbSuffix();
        if (success)
        {
            if (w.EndsWith("Y")) w.ReplaceEnd(1, "i");
            else if (w.EndsWith("ç")) w.ReplaceEnd(1, "c");
        }
        else
        {
            w.ResidualSuffix();
        }
        w.UnDouble();
        w.UnAccent();
        return w.Postlude();
    }

    /// <summary>Mutable word buffer with the Snowball regions; all suffix work is at the end of the word.</summary>
    sealed class Word
    {
        char[] _c;
        int _n;
        int _pV, _p1, _p2;

        public Word(string s)
        {
            _c = new char[s.Length + 8];
            s.CopyTo(0, _c, 0, s.Length);
            _n = s.Length;
        }

        bool V(int i) => i >= 0 && i < _n && IsVowel(_c[i]);

        public bool EndsWith(string suffix)
        {
            if (suffix.Length > _n) return false;
            return _c.AsSpan(_n - suffix.Length, suffix.Length).SequenceEqual(suffix);
        }

        public void ReplaceEnd(int removeCount, string replacement)
        {
            _n -= removeCount;
            if (_n + replacement.Length > _c.Length) Array.Resize(ref _c, _n + replacement.Length + 8);
            replacement.CopyTo(0, _c, _n, replacement.Length);
            _n += replacement.Length;
        }

        void Delete(int count) => _n -= count;

        // The longest suffix of the group set that fits in [limit, n); returns group index and the suffix.
        (int Group, string? Suffix) LongestSuffix(string[][] groups, int limit)
        {
            var bestGroup = -1;
            string? best = null;
            for (var g = 0; g < groups.Length; g++)
                foreach (var s in groups[g])
                    if (s.Length <= _n - limit && (best is null || s.Length > best.Length) && EndsWith(s))
                    {
                        best = s;
                        bestGroup = g;
                    }
            return (bestGroup, best);
        }

        public void Prelude()
        {
            var i = 0;
            while (i < _n)
            {
                // v [u|i] v, or v [y]
                if (IsVowel(_c[i]) && i + 1 < _n)
                {
                    var c = _c[i + 1];
                    if ((c == 'u' || c == 'i') && V(i + 2))
                    {
                        _c[i + 1] = char.ToUpperInvariant(c);
                        i += 3; // the following vowel was consumed by the pattern
                        continue;
                    }
                    if (c == 'y')
                    {
                        _c[i + 1] = 'Y';
                        i += 2;
                        continue;
                    }
                }
                if (_c[i] == 'ë') { InsertAt(i, "He"); i += 2; continue; }
                if (_c[i] == 'ï') { InsertAt(i, "Hi"); i += 2; continue; }
                if (_c[i] == 'y' && V(i + 1))
                {
                    _c[i] = 'Y';
                    i += 1;
                    continue;
                }
                if (_c[i] == 'q' && i + 1 < _n && _c[i + 1] == 'u')
                {
                    _c[i + 1] = 'U';
                    i += 2;
                    continue;
                }
                i++;
            }
        }

        void InsertAt(int i, string two)
        {
            // replaces the one character at i by two characters
            if (_n + 1 > _c.Length) Array.Resize(ref _c, _n + 8);
            Array.Copy(_c, i + 1, _c, i + 2, _n - i - 1);
            _c[i] = two[0];
            _c[i + 1] = two[1];
            _n++;
        }

        public void MarkRegions()
        {
            _pV = _p1 = _p2 = _n;
            if (_n >= 3 && V(0) && V(1))
                _pV = 3;
            else if (_n >= 3 && (StartsWith("par") || StartsWith("col") || StartsWith("tap")))
                _pV = 3;
            else
            {
                for (var i = 1; i < _n; i++)
                    if (V(i)) { _pV = i + 1; break; }
            }

            var p = 0;
            while (p < _n && !V(p)) p++;
            while (p < _n && V(p)) p++;
            if (p < _n)
            {
                _p1 = p + 1;
                p = _p1;
                while (p < _n && !V(p)) p++;
                while (p < _n && V(p)) p++;
                if (p < _n) _p2 = p + 1;
            }
        }

        bool StartsWith(string s) => _n >= s.Length && _c.AsSpan(0, s.Length).SequenceEqual(s);

        // Step 1. Returns true when it removed a standard suffix (and step 2 must be skipped).
        public bool StandardSuffix()
        {
            var (g, s) = LongestSuffix(Step1Groups, 0);
            if (s is null) return false;
            var start = _n - s.Length;
            var group = Step1Groups[g];
            if (group == Step1Delete)
            {
                if (start < _p2) return false;
                Delete(s.Length);
                return true;
            }
            if (group == Step1Ateur)
            {
                if (start < _p2) return false;
                Delete(s.Length);
                if (EndsWith("ic"))
                {
                    if (_n - 2 >= _p2) Delete(2);
                    else ReplaceEnd(2, "iqU");
                }
                return true;
            }
            if (group == Step1Logie)
            {
                if (start < _p2) return false;
                ReplaceEnd(s.Length, "log");
                return true;
            }
            if (group == Step1Usion)
            {
                if (start < _p2) return false;
                ReplaceEnd(s.Length, "u");
                return true;
            }
            if (group == Step1Ence)
            {
                if (start < _p2) return false;
                ReplaceEnd(s.Length, "ent");
                return true;
            }
            if (group == Step1Ement)
            {
                if (start < _pV) return false;
                Delete(s.Length);
                if (EndsWith("iv"))
                {
                    if (_n - 2 >= _p2)
                    {
                        Delete(2);
                        if (EndsWith("at") && _n - 2 >= _p2) Delete(2);
                    }
                }
                else if (EndsWith("eus"))
                {
                    if (_n - 3 >= _p2) Delete(3);
                    else if (_n - 3 >= _p1) ReplaceEnd(3, "eux");
                }
                else if (EndsWith("abl") || EndsWith("iqU"))
                {
                    if (_n - 3 >= _p2) Delete(3);
                }
                else if (EndsWith("ièr") || EndsWith("Ièr"))
                {
                    if (_n - 3 >= _pV) ReplaceEnd(3, "i");
                }
                return true;
            }
            if (group == Step1Ite)
            {
                if (start < _p2) return false;
                Delete(s.Length);
                if (EndsWith("abil"))
                {
                    if (_n - 4 >= _p2) Delete(4);
                    else ReplaceEnd(4, "abl");
                }
                else if (EndsWith("ic"))
                {
                    if (_n - 2 >= _p2) Delete(2);
                    else ReplaceEnd(2, "iqU");
                }
                else if (EndsWith("iv"))
                {
                    if (_n - 2 >= _p2) Delete(2);
                }
                return true;
            }
            if (group == Step1If)
            {
                if (start < _p2) return false;
                Delete(s.Length);
                if (EndsWith("at") && _n - 2 >= _p2)
                {
                    Delete(2);
                    if (EndsWith("ic"))
                    {
                        if (_n - 2 >= _p2) Delete(2);
                        else ReplaceEnd(2, "iqU");
                    }
                }
                return true;
            }
            if (group == Step1Eaux)
            {
                ReplaceEnd(s.Length, "eau");
                return true;
            }
            if (group == Step1Aux)
            {
                if (start < _p1) return false;
                ReplaceEnd(s.Length, "al");
                return true;
            }
            if (group == Step1Euse)
            {
                if (start >= _p2) { Delete(s.Length); return true; }
                if (start >= _p1) { ReplaceEnd(s.Length, "eux"); return true; }
                return false;
            }
            if (group == Step1Issement)
            {
                if (start < _p1 || start == 0 || IsVowel(_c[start - 1])) return false;
                Delete(s.Length);
                return true;
            }
            // amment, emment, ment(s): rewrite, then fail so that step 2 still runs.
            if (group == Step1Amment)
            {
                if (start >= _pV) ReplaceEnd(s.Length, "ant");
                return false;
            }
            if (group == Step1Emment)
            {
                if (start >= _pV) ReplaceEnd(s.Length, "ent");
                return false;
            }
            // ment, ments: preceded by a vowel that lies in RV
            if (start - 1 >= _pV && IsVowel(_c[start - 1])) Delete(s.Length);
            return false;
        }

        // Step 2a: verb suffixes beginning with i, in RV, preceded by a non-vowel also in RV.
        public bool IVerbSuffix()
        {
            var (_, s) = LongestSuffix([Step2a], _pV);
            if (s is null) return false;
            var before = _n - s.Length - 1;
            if (before < _pV) return false;
            if (_c[before] == 'H' || IsVowel(_c[before])) return false;
            Delete(s.Length);
            return true;
        }

        // Step 2b: other verb suffixes, in RV.
        public bool VerbSuffix()
        {
            var (g, s) = LongestSuffix(Step2bGroups, _pV);
            if (s is null) return false;
            var start = _n - s.Length;
            switch (g)
            {
                case 0:
                    if (start < _p2) return false;
                    Delete(s.Length);
                    return true;
                case 1:
                    Delete(s.Length);
                    return true;
                default:
                    Delete(s.Length);
                    if (EndsWith("e") && _n - 1 >= _pV) Delete(1);
                    return true;
            }
        }

        // Step 4.
        public void ResidualSuffix()
        {
            if (_n >= 2 && _c[_n - 1] == 's')
            {
                var p = _c[_n - 2];
                var keep = p is 'a' or 'i' or 'o' or 'u' or 'è' or 's';
                if (!keep || (p == 'i' && _n >= 3 && _c[_n - 3] == 'H')) Delete(1);
            }
            var (g, s) = LongestSuffix(Step4Groups, _pV);
            if (s is null) return;
            var start = _n - s.Length;
            switch (g)
            {
                case 0:
                    if (start >= _p2 && start - 1 >= _pV && _c[start - 1] is 's' or 't') Delete(s.Length);
                    break;
                case 1:
                    ReplaceEnd(s.Length, "i");
                    break;
                case 2:
                    Delete(1);
                    break;
                default:
                    if (start >= 2 && _c[start - 2] == 'g' && _c[start - 1] == 'u') Delete(1);
                    break;
            }
        }

        // Step 5.
        public void UnDouble()
        {
            if (EndsWith("enn") || EndsWith("onn") || EndsWith("ett") || EndsWith("ell") || EndsWith("eill")) _n--;
        }

        // Step 6: at least one non-vowel at the end, preceded by é or è.
        public void UnAccent()
        {
            var i = _n - 1;
            while (i >= 0 && !IsVowel(_c[i])) i--;
            if (i == _n - 1 || i < 0) return;
            if (_c[i] is 'é' or 'è') _c[i] = 'e';
        }

        public string Postlude()
        {
            Span<char> buf = _n <= 128 ? stackalloc char[_n] : new char[_n];
            var k = 0;
            for (var i = 0; i < _n; i++)
            {
                var c = _c[i];
                switch (c)
                {
                    case 'I': buf[k++] = 'i'; break;
                    case 'U': buf[k++] = 'u'; break;
                    case 'Y': buf[k++] = 'y'; break;
                    case 'H':
                        // He -> ë, Hi -> ï, lone H dropped
                        if (i + 1 < _n && _c[i + 1] == 'e') { buf[k++] = 'ë'; i++; }
                        else if (i + 1 < _n && _c[i + 1] == 'i') { buf[k++] = 'ï'; i++; }
                        break;
                    default: buf[k++] = c; break;
                }
            }
            return new string(buf[..k]);
        }
    }
}
