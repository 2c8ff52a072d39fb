using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// One header field of a received message as ranges of its bytes: the name's id (or, for an unknown name, its range),
/// and the trimmed value, which still holds the CRLF + whitespace of continuation lines when <see cref="Folded"/>.
/// </summary>
internal readonly struct HeaderField(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
{
    public int NameStart { get; } = nameStart;

    public int ValueStart { get; } = valueStart;

    public int ValueLength { get; } = valueLength;

    // A name longer than 65,535 bytes only occurs in a message the framing rejects; it is kept cut short.
    private readonly ushort _nameLength = (ushort)Math.Min(nameLength, ushort.MaxValue);

    public int NameLength => _nameLength;

    public HeaderId Id { get; } = id;

    public bool Folded { get; } = folded;
}

[InlineArray(HeaderIndex.InlineCapacity)]
internal struct HeaderFieldBuffer
{
    private HeaderField _first;
}

/// <summary>
/// The header fields of a received message in wire order, recorded during the one framing pass. Lives inline in the
/// message object, so a message with up to <see cref="InlineCapacity"/> header lines costs no allocation of its own;
/// a longer one spills to an array.
/// </summary>
internal struct HeaderIndex
{
    /// <summary>A typical INVITE has 10-15 header lines; a request through a few proxies, with their Via and Record-Route, about 20.</summary>
    public const int InlineCapacity = 24;

    private HeaderFieldBuffer _inline;
    private HeaderField[]? _spill;
    private int _count;

    public readonly int Count => _count;

    [UnscopedRef]
    public readonly ReadOnlySpan<HeaderField> Fields =>
        _spill is null ? ((ReadOnlySpan<HeaderField>)_inline)[.._count] : _spill.AsSpan(0, _count);

    public void Add(in HeaderField field)
    {
        if (_spill is null && _count < InlineCapacity)
        {
            _inline[_count++] = field;
            return;
        }

        if (_spill is null)
        {
            _spill = new HeaderField[InlineCapacity * 2];
            ((ReadOnlySpan<HeaderField>)_inline).CopyTo(_spill);
        }
        else if (_count == _spill.Length)
        {
            Array.Resize(ref _spill, _spill.Length * 2);
        }

        _spill[_count++] = field;
    }

    /// <summary>The position of the first field with this id, or -1.</summary>
    public readonly int IndexOf(HeaderId id, int from = 0)
    {
        var fields = Fields;
        for (var i = from; i < fields.Length; i++)
        {
            if (fields[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The value as text, written into <paramref name="into"/> (at least <see cref="HeaderField.ValueLength"/> chars:
    /// UTF-8 never decodes to more chars than bytes). A folded value is unfolded: §7.3.1 makes CRLF + whitespace one SP.
    /// </summary>
    public static ReadOnlySpan<char> Text(in HeaderField field, ReadOnlySpan<byte> message, Span<char> into) =>
        Decode(message.Slice(field.ValueStart, field.ValueLength), field.Folded, into);

    public static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> value, bool folded, Span<char> into)
    {
        // Utf8.ToUtf16 replaces invalid sequences with U+FFFD exactly as Encoding.UTF8 does, with less overhead per call.
        System.Text.Unicode.Utf8.ToUtf16(value, into, out _, out var n);
        return folded ? into[..Unfold(into[..n])] : into[..n];
    }

    /// <summary>The value as a string (what <see cref="SipHeaders"/> holds once a received message materialises it).</summary>
    public static string String(in HeaderField field, ReadOnlySpan<byte> message)
    {
        var value = message.Slice(field.ValueStart, field.ValueLength);
        if (!field.Folded)
        {
            return Encoding.UTF8.GetString(value);
        }

        var chars = value.Length <= 1024 ? stackalloc char[value.Length] : new char[value.Length];
        return Decode(value, folded: true, chars).ToString();
    }

    /// <summary>The canonical name: the constant of a known header, the name as written for another.</summary>
    public static string Name(in HeaderField field, ReadOnlySpan<byte> message) =>
        field.Id == HeaderId.Unknown ? Encoding.ASCII.GetString(message.Slice(field.NameStart, field.NameLength)) : HeaderNames.NameOf(field.Id);

    /// <summary>Replaces each run of CR, LF and the whitespace after it by one SP (none after SP/HTAB), in place.</summary>
    private static int Unfold(Span<char> text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                if (n > 0 && text[n - 1] is not (' ' or '\t'))
                {
                    text[n++] = ' ';
                }

                continue;
            }

            text[n++] = text[i];
        }

        return n;
    }
}
