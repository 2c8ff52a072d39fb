using System.Text;

namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>
/// Cuts streamed text into sentences as soon as each one is complete, so speech synthesis can start
/// on the first sentence while the model is still writing the second. A sentence ends at ".", "!",
/// "?" or "…" (with any closing quotes or brackets) followed by white space, or at a line break;
/// "Mr. Smith", "e.g. this" and "3.5" do not end one.
/// </summary>
internal sealed class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "vs", "etc", "e.g", "i.e", "no", "approx", "ave", "apt",
    };

    private readonly StringBuilder _pending = new();

    /// <summary>Adds a piece of the stream; returns the sentences it completed, in order.</summary>
    public IReadOnlyList<string> Append(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _pending.Append(delta);
        List<string>? sentences = null;
        int scanFrom = 0;
        while (FindBoundary(scanFrom) is { } cut)
        {
            string sentence = _pending.ToString(0, cut).Trim();
            _pending.Remove(0, cut);
            scanFrom = 0;
            if (sentence.Length > 0)
            {
                (sentences ??= []).Add(sentence);
            }
        }

        return sentences ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The unfinished rest at the end of the stream, or null when there is none.</summary>
    public string? Flush()
    {
        string rest = _pending.ToString().Trim();
        _pending.Clear();
        return rest.Length > 0 ? rest : null;
    }

    // The length of the first complete sentence in the buffer (up to and including the white space
    // that confirmed it), or null when no sentence is complete yet.
    private int? FindBoundary(int from)
    {
        for (int i = from; i < _pending.Length; i++)
        {
            char c = _pending[i];
            if (c is '\n' or '\r')
            {
                return i + 1;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            int end = i + 1;
            while (end < _pending.Length && _pending[end] is '"' or '\'' or ')' or ']' or '”' or '’' or '.' or '!' or '?')
            {
                end++;
            }

            if (end >= _pending.Length)
            {
                return null; // the next delta decides
            }

            if (!char.IsWhiteSpace(_pending[end]) || (c == '.' && IsAbbreviation(i)))
            {
                i = end - 1;
                continue;
            }

            return end + 1;
        }

        return null;
    }

    private bool IsAbbreviation(int periodIndex)
    {
        int start = periodIndex;
        while (start > 0 && !char.IsWhiteSpace(_pending[start - 1]))
        {
            start--;
        }

        string word = _pending.ToString(start, periodIndex - start);
        // A single letter is an initial ("J. Smith").
        return (word.Length == 1 && char.IsLetter(word[0])) || Abbreviations.Contains(word);
    }
}
