using System.Text;
using CsCheck;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// Mutation of seed inputs. A mutation is a seed index and a list of 32-bit words read in pairs (operation, argument),
/// so CsCheck generates and shrinks plain integers and the same words always give the same bytes.
/// </summary>
internal static class Mutator
{
    /// <summary>Mutated inputs are cut here: above the SIP maximum (65,535) so the size limits are exercised too.</summary>
    public const int MaxLength = 70_000;

    private static readonly byte[][] Numbers =
    [
        .. new[]
        {
            "0", "-1", "1", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
            "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999999", "00000000000000000001",
            "+1", "1e9", "0x10", "1.5", "",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            ";", ",", "\"", "<", ">", "[", "]", ":", "\\", " ", "\t", "\r\n", "\n", "\r", "\r\n ", "\r\n\r\n", "%", "%00", "%zz", "=",
            "@", "?", "&", "/", "::", "[::1]", "[2001:db8::1]", "sip:", "sips:", "\"\\\"", "é", "\u2028", ";lr", ";tag=",
            ";branch=z9hG4bK", "Content-Length: ", "\0",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xF0, 0x9F], [0x80],
    ];

    private static readonly ushort[] EdgeWords = [0, 1, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x00FF, 0xFF00];

    /// <summary>Inputs made by applying 0 to 8 mutations to one of <paramref name="seeds"/>.</summary>
    public static Gen<byte[]> Mutations(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.UInt.Array[0, 16], (i, ops) => Apply(seeds, i, ops));

    public static byte[] Apply(IReadOnlyList<byte[]> seeds, int seedIndex, uint[] ops)
    {
        var data = new List<byte>(seeds[seedIndex]);
        for (int i = 0; i + 1 < ops.Length; i += 2)
        {
            Step(data, seeds, ops[i], ops[i + 1]);
            if (data.Count > MaxLength)
            {
                data.RemoveRange(MaxLength, data.Count - MaxLength);
            }
        }

        return [.. data];
    }

    private static void Step(List<byte> data, IReadOnlyList<byte[]> seeds, uint op, uint arg)
    {
        int pos = (int)(arg % (uint)(data.Count + 1));
        uint high = op >> 8;
        switch (op % 14)
        {
            case 0 when pos < data.Count:
                data[pos] ^= (byte)(1 << (int)(high & 7));
                break;
            case 1 when pos < data.Count:
                data[pos] = (byte)high;
                break;
            case 2:
                data.Insert(pos, (byte)high);
                break;
            case 3:
                data.RemoveRange(pos, Math.Min(data.Count - pos, 1 + (int)(high % 32)));
                break;
            case 4:
                data.RemoveRange(pos, data.Count - pos);
                break;
            case 5:
            {
                // Splice: this input up to pos, then another seed from some point on.
                var other = seeds[(int)(high % (uint)seeds.Count)];
                int from = (int)((op >> 16) % (uint)(other.Length + 1));
                data.RemoveRange(pos, data.Count - pos);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            }

            case 6:
            {
                // Duplicate the line holding pos, once or (rarely) hundreds of times.
                var (start, end) = LineAround(data, pos);
                var line = data.GetRange(start, end - start);
                int times = (high & 15) == 0 ? 1 + (int)(high >> 4) % 600 : 1;
                for (int t = 0; t < times && data.Count < MaxLength; t++)
                {
                    data.InsertRange(end, line);
                }

                break;
            }

            case 7:
                ChangeLineEnds(data, (high & 1) == 0);
                break;
            case 8:
                data.InsertRange(pos, Numbers[high % (uint)Numbers.Length]);
                break;
            case 9:
            {
                // Replace the digit run at or after pos by an edge value.
                int s = pos;
                while (s < data.Count && !char.IsAsciiDigit((char)data[s]))
                {
                    s++;
                }

                int e = s;
                while (e < data.Count && char.IsAsciiDigit((char)data[e]))
                {
                    e++;
                }

                data.RemoveRange(s, e - s);
                data.InsertRange(s, Numbers[high % (uint)Numbers.Length]);
                break;
            }

            case 10:
                data.InsertRange(pos, Tokens[high % (uint)Tokens.Length]);
                break;
            case 11:
            {
                // Repeat a chunk: long runs of one construct (parameters, list separators, quoted pairs).
                int length = Math.Min(data.Count - pos, 1 + (int)(high % 48));
                var chunk = data.GetRange(pos, length);
                int times = 1 + (int)((op >> 16) % 400);
                for (int t = 0; t < times && data.Count < MaxLength; t++)
                {
                    data.InsertRange(pos, chunk);
                }

                break;
            }

            case 12 when pos + 1 < data.Count:
            {
                // A 16-bit edge value, big-endian: lengths and counts of binary formats.
                var word = EdgeWords[high % (uint)EdgeWords.Length];
                data[pos] = (byte)(word >> 8);
                data[pos + 1] = (byte)word;
                break;
            }

            case 13 when data.Count > 0:
            {
                // Swap two lines' worth of bytes: header order.
                var (s1, e1) = LineAround(data, pos);
                var (s2, e2) = LineAround(data, (int)(high % (uint)data.Count));
                if (e1 <= s2)
                {
                    var second = data.GetRange(s2, e2 - s2);
                    var first = data.GetRange(s1, e1 - s1);
                    data.RemoveRange(s2, e2 - s2);
                    data.InsertRange(s2, first);
                    data.RemoveRange(s1, e1 - s1);
                    data.InsertRange(s1, second);
                }

                break;
            }
        }
    }

    private static (int Start, int End) LineAround(List<byte> data, int pos)
    {
        int start = Math.Min(pos, data.Count);
        while (start > 0 && data[start - 1] != '\n')
        {
            start--;
        }

        int end = Math.Min(pos, data.Count);
        while (end < data.Count && data[end] != '\n')
        {
            end++;
        }

        return (start, Math.Min(end + 1, data.Count));
    }

    private static void ChangeLineEnds(List<byte> data, bool toLf)
    {
        var result = new List<byte>(data.Count + 16);
        for (int i = 0; i < data.Count; i++)
        {
            if (toLf && data[i] == '\r' && i + 1 < data.Count && data[i + 1] == '\n')
            {
                continue;
            }

            if (!toLf && data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            {
                result.Add((byte)'\r');
            }

            result.Add(data[i]);
        }

        data.Clear();
        data.AddRange(result);
    }

    /// <summary>Bytes as a C# literal-ish escaped string, for a finding's report.</summary>
    public static string Print(byte[] bytes) =>
        $"[{bytes.Length} bytes] base64:{Convert.ToBase64String(bytes)} text:\"{Escape(Encoding.UTF8.GetString(bytes))}\"";

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Length > 4000 ? text[..4000] : text)
        {
            sb.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or (>= '\u007f' and < '\u00a0') => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.Length > 4000 ? sb.Append("...").ToString() : sb.ToString();
    }
}
