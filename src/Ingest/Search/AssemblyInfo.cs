[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Synthesis.Ingest.Tests")]
