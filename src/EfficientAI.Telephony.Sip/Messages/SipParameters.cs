using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// The ordered <c>;name=value</c> parameters of a URI or header (RFC 3261 §25.1 generic-param).
/// Names compare case-insensitively; a parameter without a value (<c>;lr</c>, <c>;rport</c>) has a null value.
/// </summary>
public sealed class SipParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IEnumerable<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    public string? Get(string name)
    {
        var i = IndexOf(name);
        return i >= 0 ? _items[i].Value : null;
    }

    public void Set(string name, string? value)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            _items[i] = new(_items[i].Key, value);
        }
        else
        {
            _items.Add(new(name, value));
        }
    }

    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            return false;
        }

        _items.RemoveAt(i);
        return true;
    }

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>Parses <c>;a=b;c</c> (the leading separator included) into <paramref name="into"/>.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, char separator, SipParameters into, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        var sink = new Collector(into);
        return TryParse(text, separator, ref sink, out error);
    }

    /// <summary>
    /// The generic-param grammar (§25.1), the one implementation behind both checking a received value (a sink that
    /// keeps nothing, so nothing is allocated) and building the list (a sink that adds to it).
    /// Returns false on an empty name, a name that is not a token, or '=' without a value.
    /// </summary>
    internal static bool TryParse<TSink>(ReadOnlySpan<char> text, char separator, ref TSink sink, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
        where TSink : struct, IParameterSink
    {
        error = null;
        while (!text.IsEmpty)
        {
            text = text.TrimStart();
            if (text.IsEmpty)
            {
                break;
            }

            if (text[0] != separator)
            {
                error = $"expected '{separator}' before a parameter, found '{text[0]}'";
                return false;
            }

            text = text[1..];
            var end = IndexOfUnquoted(text, separator);
            var part = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[end..];
            var eq = part.IndexOf('=');
            var name = (eq < 0 ? part : part[..eq]).Trim();
            if (name.IsEmpty)
            {
                error = "empty parameter name";
                return false;
            }

            if (!SipGrammar.IsToken(name))
            {
                error = $"parameter name '{name}' is not a token";
                return false;
            }

            if (eq >= 0)
            {
                var v = part[(eq + 1)..].Trim();
                if (v.IsEmpty)
                {
                    error = $"parameter '{name}' has '=' but no value";
                    return false;
                }

                sink.Add(name, v);
            }
            else
            {
                sink.AddFlag(name);
            }
        }

        return true;
    }

    /// <summary>Receives the parameters <see cref="TryParse{TSink}"/> finds; spans are valid only during the call.</summary>
    internal interface IParameterSink
    {
        void Add(ReadOnlySpan<char> name, ReadOnlySpan<char> value);

        void AddFlag(ReadOnlySpan<char> name);
    }

    /// <summary>Checks the grammar only.</summary>
    internal struct Discard : IParameterSink
    {
        public readonly void Add(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
        {
        }

        public readonly void AddFlag(ReadOnlySpan<char> name)
        {
        }
    }

    private readonly struct Collector(SipParameters into) : IParameterSink
    {
        public void Add(ReadOnlySpan<char> name, ReadOnlySpan<char> value) => into._items.Add(new(name.ToString(), value.ToString()));

        public void AddFlag(ReadOnlySpan<char> name) => into._items.Add(new(name.ToString(), null));
    }

    /// <summary>Checks <c>;a=b;c</c> without keeping anything.</summary>
    internal static bool IsValid(ReadOnlySpan<char> text, char separator, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        var sink = new Discard();
        return TryParse(text, separator, ref sink, out error);
    }

    internal static int IndexOfUnquoted(ReadOnlySpan<char> text, char c)
    {
        // Most values hold no quoted-string: then the first separator is the answer.
        var first = text.IndexOfAny(c, '"');
        if (first < 0 || text[first] == c)
        {
            return first;
        }

        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted && ch == '\\')
            {
                i++;
                continue;
            }

            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch == c)
            {
                return i;
            }
        }

        return -1;
    }

    public void AppendTo(StringBuilder sb, char separator = ';')
    {
        var sink = new StringBuilderSink(sb);
        Format(ref sink, separator);
    }

    internal void Format<TSink>(ref TSink sink, char separator = ';')
        where TSink : ITextSink, allows ref struct
    {
        foreach (var (key, value) in _items)
        {
            sink.Append(separator);
            sink.Append(key);
            if (value is not null)
            {
                sink.Append('=');
                sink.Append(value);
            }
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
