using System.Globalization;
using System.Numerics;
using System.Text;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// An SDES <c>a=crypto</c> attribute (RFC 4568 §4, §6.1):
/// <c>&lt;tag&gt; &lt;suite&gt; inline:&lt;base64 key||salt&gt;[|lifetime][|MKI:length] [session params]</c>.
/// The suite is kept by name so attributes of suites we do not implement still round-trip and can be named in errors.
/// </summary>
/// <param name="Tag">The attribute's tag (1-9 digits), which the answer repeats.</param>
/// <param name="SuiteName">The crypto suite as written.</param>
/// <param name="InlineKey">The base64 key and salt of the first key parameter.</param>
/// <param name="Lifetime">The key lifetime in packets, if given.</param>
/// <param name="Mki">The MKI value and its length in octets, if given.</param>
/// <param name="SessionParameters">The session parameters as written (e.g. "KDR=0 UNENCRYPTED_SRTCP"), or null.</param>
public sealed record SdpCryptoAttribute(
    int Tag,
    string SuiteName,
    string InlineKey,
    ulong? Lifetime = null,
    (ulong Value, int Length)? Mki = null,
    string? SessionParameters = null)
{
    /// <summary>The attribute name.</summary>
    public const string AttributeName = "crypto";

    /// <summary>An attribute carrying <paramref name="key"/> under <paramref name="tag"/>.</summary>
    public static SdpCryptoAttribute For(int tag, SrtpMasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SdpCryptoAttribute(tag, key.Suite.SdpName(), key.ToInlineKey());
    }

    /// <summary>
    /// The master key, when this attribute is usable by us: a suite we implement, a well-formed key, no MKI (we
    /// send none), a key derivation rate we support and no session parameter that turns encryption or
    /// authentication off. Otherwise <paramref name="reason"/> says why not.
    /// </summary>
    public bool TryGetKey(out SrtpMasterKey? key, out string? reason)
    {
        key = null;
        if (!SrtpCryptoSuites.TryParse(SuiteName, out var suite))
        {
            reason = $"crypto suite {SuiteName} is not supported";
            return false;
        }

        if (Mki is not null)
        {
            reason = $"tag {Tag} uses an MKI, which we do not support";
            return false;
        }

        ulong kdr = 0;
        if (SessionParameters is not null)
        {
            foreach (var parameter in SessionParameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (parameter.StartsWith("KDR=", StringComparison.Ordinal)
                    && int.TryParse(parameter.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int exponent)
                    && exponent is >= 0 and <= 24)
                {
                    // RFC 4568 §6.3.1: KDR=n means a rate of 2^n (and 0 none, as RFC 3711 §4.3.1 reads it).
                    kdr = exponent == 0 ? 0 : 1UL << exponent;
                }
                else if (parameter is "UNENCRYPTED_SRTP" or "UNENCRYPTED_SRTCP" or "UNAUTHENTICATED_SRTP" || parameter.StartsWith("FEC_", StringComparison.Ordinal)
                    || parameter.StartsWith("KDR=", StringComparison.Ordinal))
                {
                    reason = $"tag {Tag} has session parameter {parameter}, which we do not support";
                    return false;
                }
            }
        }

        if (!SrtpMasterKey.TryParseInlineKey(suite, InlineKey, kdr, out key, out string? keyError))
        {
            reason = $"tag {Tag}: {keyError}";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Reads the value of an a=crypto line (after "crypto:").</summary>
    public static bool TryParse(string value, out SdpCryptoAttribute? attribute, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        attribute = null;
        var parts = value.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            error = $"a=crypto:{value} needs a tag, a crypto suite and key parameters (RFC 4568 §9.1)";
            return false;
        }

        if (parts[0].Length is < 1 or > 9 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int tag))
        {
            error = $"a=crypto tag '{parts[0]}' is not 1-9 digits";
            return false;
        }

        // Several key parameters are separated by ';' (§9.1); we use the first.
        string keyParameter = parts[2].Split(';')[0];
        if (!keyParameter.StartsWith("inline:", StringComparison.Ordinal))
        {
            error = $"a=crypto tag {tag}: key method of '{keyParameter}' is not 'inline:'";
            return false;
        }

        var fields = keyParameter["inline:".Length..].Split('|');
        ulong? lifetime = null;
        (ulong, int)? mki = null;
        for (int i = 1; i < fields.Length; i++)
        {
            string field = fields[i];
            int colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                if (!ulong.TryParse(field.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ulong mkiValue)
                    || !int.TryParse(field.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int mkiLength)
                    || mkiLength is < 1 or > 128)
                {
                    error = $"a=crypto tag {tag}: MKI '{field}' is not <value>:<length 1-128>";
                    return false;
                }

                mki = (mkiValue, mkiLength);
            }
            else if (field.StartsWith("2^", StringComparison.Ordinal)
                && int.TryParse(field.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int power) && power < 64)
            {
                lifetime = 1UL << power;
            }
            else if (ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out ulong packets))
            {
                lifetime = packets;
            }
            else
            {
                error = $"a=crypto tag {tag}: '{field}' is neither a lifetime nor an MKI";
                return false;
            }
        }

        attribute = new SdpCryptoAttribute(tag, parts[1], fields[0], lifetime, mki, parts.Length > 3 ? parts[3] : null);
        error = null;
        return true;
    }

    /// <summary>The attribute value as written after "a=crypto:".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Tag} {SuiteName} inline:{InlineKey}");
        if (Lifetime is { } lifetime)
        {
            text.Append('|');
            text.Append(ulong.IsPow2(lifetime) ? $"2^{BitOperations.Log2(lifetime)}" : lifetime.ToString(CultureInfo.InvariantCulture));
        }

        if (Mki is { } mki)
        {
            text.Append(CultureInfo.InvariantCulture, $"|{mki.Value}:{mki.Length}");
        }

        if (SessionParameters is not null)
        {
            text.Append(' ').Append(SessionParameters);
        }

        return text.ToString();
    }

    /// <summary>As an a= line of a media description.</summary>
    public SdpAttribute ToAttribute() => new(AttributeName, ToString());
}
