using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EfficientAI.Telephony.Evaluation.Metrics;

/// <summary>
/// Brings transcripts to one form before they are compared, so "Order #42, please!" and "order forty two please"
/// count as the same words: lower case, numbers (cardinals, decimals, ordinals, % ) as English words, punctuation
/// dropped except apostrophes inside words ("don't").
/// </summary>
public static partial class TextNormalizer
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');
        s = s.Replace("%", " percent ", StringComparison.Ordinal).Replace("&", " and ", StringComparison.Ordinal);
        s = NumberPattern().Replace(s, m => " " + NumberWords.Spell(m.Value) + " ");
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var inWordApostrophe = c == '\'' && i > 0 && char.IsLetter(s[i - 1]) && i + 1 < s.Length && char.IsLetter(s[i + 1]);
            sb.Append(char.IsLetterOrDigit(c) || inWordApostrophe ? c : ' ');
        }

        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static IReadOnlyList<string> Words(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when <paramref name="phrase"/>'s words occur, in order and adjacent, in <paramref name="text"/>.</summary>
    public static bool ContainsPhrase(string text, string phrase)
    {
        var haystack = " " + Normalize(text) + " ";
        var needle = " " + Normalize(phrase) + " ";
        return needle.Trim().Length > 0 && haystack.Contains(needle, StringComparison.Ordinal);
    }

    // 1,234 and 12.5 and 3rd; a thousands separator only between digit groups of three.
    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th)?\b|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}

/// <summary>English words for the numbers transcripts contain.</summary>
internal static class NumberWords
{
    private static readonly string[] Small =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly (long Value, string Name)[] Scales =
        [(1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")];

    public static string Spell(string token)
    {
        var ordinal = token.EndsWith("st", StringComparison.Ordinal) || token.EndsWith("nd", StringComparison.Ordinal)
            || token.EndsWith("rd", StringComparison.Ordinal) || token.EndsWith("th", StringComparison.Ordinal);
        var digits = (ordinal ? token[..^2] : token).Replace(",", "", StringComparison.Ordinal);
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? digits : digits[..point];
        if (whole.Length > 15 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            // Too long to be a quantity (a card or order number): say it digit by digit, as people read it out.
            return string.Join(' ', digits.Where(char.IsDigit).Select(d => Small[d - '0']));
        }

        var words = Cardinal(n);
        if (point >= 0)
        {
            words += " point " + string.Join(' ', digits[(point + 1)..].Select(d => Small[d - '0']));
        }
        else if (ordinal)
        {
            words = Ordinal(words);
        }

        return words;
    }

    public static string Cardinal(long n)
    {
        if (n < 20)
        {
            return Small[n];
        }

        if (n < 100)
        {
            return Tens[n / 10] + (n % 10 == 0 ? "" : " " + Small[n % 10]);
        }

        if (n < 1000)
        {
            return Small[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + Cardinal(n % 100));
        }

        foreach (var (value, name) in Scales)
        {
            if (n >= value)
            {
                return Cardinal(n / value) + " " + name + (n % value == 0 ? "" : " " + Cardinal(n % value));
            }
        }

        throw new System.Diagnostics.UnreachableException();
    }

    private static string Ordinal(string cardinal)
    {
        var i = cardinal.LastIndexOf(' ');
        var head = i < 0 ? "" : cardinal[..(i + 1)];
        var last = cardinal[(i + 1)..];
        last = last switch
        {
            "one" => "first",
            "two" => "second",
            "three" => "third",
            "five" => "fifth",
            "eight" => "eighth",
            "nine" => "ninth",
            "twelve" => "twelfth",
            _ when last.EndsWith('y') => last[..^1] + "ieth",
            _ => last + "th",
        };
        return head + last;
    }
}
