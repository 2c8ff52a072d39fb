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
        var quoted = false;
        var angle = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '<':
                    angle++;
                    break;
                case '>':
                    angle = Math.Max(0, angle - 1);
                    break;
                case ',' when angle == 0:
                    return i;
            }
        }

        return -1;
    }
}
