namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// The elements of one list header line (RFC 3261 §7.3.1: "Via: a, b" is the same as two Via lines), split on commas
/// outside quoted strings and angle brackets, trimmed, empty elements skipped. A span enumerator: nothing is allocated.
/// </summary>
internal ref struct HeaderList
{
    private ReadOnlySpan<char> _rest;
    private bool _done;

    public HeaderList(ReadOnlySpan<char> line)
    {
        _rest = line;
        _done = false;
        Current = default;
    }

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly HeaderList GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_done)
        {
            // A split happens only outside quotes and brackets, so every element starts in that state again.
            var comma = IndexOfSeparator(_rest);
            ReadOnlySpan<char> part;
            if (comma < 0)
            {
                part = _rest;
                _rest = default;
                _done = true;
            }
            else
            {
                part = _rest[..comma];
                _rest = _rest[(comma + 1)..];
            }

            part = part.Trim();
            if (!part.IsEmpty)
            {
                Current = part;
                return true;
            }
        }

        return false;
    }

    /// <summary>The first element, or an empty span.</summary>
    public static ReadOnlySpan<char> First(ReadOnlySpan<char> line)
    {
        var list = new HeaderList(line);
        return list.MoveNext() ? list.Current : default;
    }

    private static int IndexOfSeparator(ReadOnlySpan<char> line)
    {
        // Jumps from one character that matters to the next with a vectorised search: most values hold none of them.
        var angle = 0;
        var i = 0;
        while (true)
        {
            var next = line[i..].IndexOfAny(Stops);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (line[i])
            {
                case ',' when angle == 0:
                    return i;
                case '<':
                    angle++;
                    break;
                case '>':
                    angle = Math.Max(0, angle - 1);
                    break;
                case '"':
                    // A quoted-string runs to the next unescaped quote (§25.1 quoted-pair = "\" CHAR), or to the end.
                    i = ClosingQuote(line, i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
            }

            i++;
        }
    }

    private static int ClosingQuote(ReadOnlySpan<char> line, int from)
    {
        var i = from;
        while (i < line.Length)
        {
            var next = line[i..].IndexOfAny('"', '\\');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (line[i] == '"')
            {
                return i;
            }

            i += 2;
        }

        return -1;
    }

    private static readonly System.Buffers.SearchValues<char> Stops = System.Buffers.SearchValues.Create(",\"<>");
}
