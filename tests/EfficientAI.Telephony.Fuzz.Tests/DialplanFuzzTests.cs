using System.Text;
using CsCheck;
using EfficientAI.Telephony.Evaluation.Dialplans;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// The dialplan loader on mutated YAML. Rejected means a <see cref="DialplanLoadResult"/> without a plan and with
/// errors that each name a line and column inside the text; no input may throw or hang. YAML parsing allocates per
/// node, so the allocation bound is looser than the wire parsers': 4 KiB per input byte plus 4 MiB.
/// </summary>
public class DialplanFuzzTests
{
    private static readonly IReadOnlyList<byte[]> Corpus = [.. Seeds.Dialplans().Select(Encoding.UTF8.GetBytes)];

    private static readonly Gen<string> Snippet = Gen.Select(
        Gen.OneOf("name", "target", "persona", "type", "lines", "limits", "maxDurationSeconds", "assertions", "latency", "maxMs", "agent", "steps", "impairments", "x", "", "<<", "? a"),
        Gen.OneOf("", " demo", " reference-agent", " 0", " -1", " 99999999999999999999", " 1e308", " .nan", " ~", " [a, b", " {a: 1}", " &a x", " *a", " !!binary AAAA", " !tag x", " \"\\u0000\"", " |\n  x", " >-\n  y", " - a\n - b"),
        Gen.Int[0, 6],
        (key, value, indent) => new string(' ', indent) + key + ":" + value);

    [Fact]
    public void Dialplan_MutatedYaml_IsLoadedOrRejectedWithAPlace_NeverThrows()
    {
        Assert.NotEmpty(Corpus);
        FuzzRun.Run("dialplan-mutation", Mutator.Mutations(Corpus).Select(Encoding.UTF8.GetString), Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    [Fact]
    public void Dialplan_GeneratedYaml_IsLoadedOrRejectedWithAPlace_NeverThrows()
    {
        var gen = Gen.Select(Gen.Int[0, Corpus.Count - 1], Snippet.Array[1, 12], (i, lines) => Encoding.UTF8.GetString(Corpus[i]) + "\n" + string.Join('\n', lines));
        FuzzRun.Run("dialplan-grammar", Gen.Frequency((1, gen), (1, Snippet.Array[1, 12].Select(l => string.Join('\n', l)))), Check, t => $"\"{Mutator.Escape(t)}\"");
    }

    private static void Check(string yaml)
    {
        var result = FuzzRun.Bounded(yaml.Length, 4096, 4 * 1024 * 1024, () => DialplanLoader.Check(yaml, "fuzz.yaml"));
        if (result.IsValid)
        {
            return;
        }

        if (result.Errors.Count == 0)
        {
            throw new FuzzFinding("a dialplan was neither loaded nor given an error");
        }

        // YAML 1.1 (§5.4, as YamlDotNet reads it) breaks lines at CR, LF, NEL, LS and PS, CRLF counting once.
        int lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029') + 2;
        foreach (var error in result.Errors)
        {
            if (error.Line < 0 || error.Line > lines || error.Column < 0 || string.IsNullOrWhiteSpace(error.Message))
            {
                throw new FuzzFinding($"an error without a usable place: {error}");
            }
        }
    }
}
