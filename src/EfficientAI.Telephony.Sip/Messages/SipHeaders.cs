using System.Collections;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>One header field line as received or to be sent. <see cref="Name"/> is the canonical long form.</summary>
public readonly record struct SipHeader(string Name, string Value);

/// <summary>
/// The header fields of a message in wire order. Lookups use canonical names, so <c>v:</c> and <c>Via:</c> are the
/// same header; unknown headers are kept verbatim.
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _items;

    public SipHeaders()
    {
        _items = new(16);
    }

    internal SipHeaders(int capacity)
    {
        _items = new(capacity);
    }

    public int Count => _items.Count;

    /// <summary>The first value of the header, or null.</summary>
    public string? this[string name]
    {
        get
        {
            name = HeaderNames.Canonical(name);
            foreach (var h in _items)
            {
                if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return h.Value;
                }
            }

            return null;
        }
    }

    public void Add(string name, string value) => _items.Add(new SipHeader(HeaderNames.Canonical(name), value));

    /// <summary>Adds a header whose name is already canonical (a received message's, materialised).</summary>
    internal void AddCanonical(string name, string value) => _items.Add(new SipHeader(name, value));

    /// <summary>Inserts before every other header of the same name (a new top Via, §8.1.1.7).</summary>
    public void AddFirst(string name, string value)
    {
        name = HeaderNames.Canonical(name);
        var i = _items.FindIndex(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        _items.Insert(i < 0 ? _items.Count : i, new SipHeader(name, value));
    }

    /// <summary>Replaces all values of the header with one.</summary>
    public void Set(string name, string value)
    {
        name = HeaderNames.Canonical(name);
        var i = _items.FindIndex(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        Remove(name);
        _items.Insert(i < 0 ? _items.Count : Math.Min(i, _items.Count), new SipHeader(name, value));
    }

    /// <summary>Replaces the first value of the header (the first element of its first line), keeping the rest.</summary>
    public void ReplaceFirstValue(string name, string value)
    {
        name = HeaderNames.Canonical(name);
        var i = _items.FindIndex(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            _items.Add(new SipHeader(name, value));
            return;
        }

        var values = new List<string>();
        SplitList(_items[i].Value, values);
        values[0] = value;
        _items[i] = new SipHeader(name, string.Join(", ", values));
    }

    public int Remove(string name)
    {
        name = HeaderNames.Canonical(name);
        return _items.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public bool Contains(string name) => this[name] is not null;

    /// <summary>Every header line with this name, in order (each may still hold a comma-separated list).</summary>
    public IEnumerable<string> GetLines(string name)
    {
        name = HeaderNames.Canonical(name);
        foreach (var h in _items)
        {
            if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return h.Value;
            }
        }
    }

    /// <summary>
    /// Every value of a list header (RFC 3261 §7.3.1: several lines are the same as one comma-separated line),
    /// split on commas outside quotes and angle brackets.
    /// </summary>
    public List<string> GetValues(string name)
    {
        var values = new List<string>();
        foreach (var line in GetLines(name))
        {
            SplitList(line, values);
        }

        return values;
    }

    internal static void SplitList(string line, List<string> into)
    {
        foreach (var part in new HeaderList(line))
        {
            into.Add(part.ToString());
        }
    }

    public SipHeaders Clone()
    {
        var copy = new SipHeaders();
        copy._items.AddRange(_items);
        return copy;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
