namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>The SRTP crypto suites we implement (RFC 4568 §6.2): AES counter mode with a 128-bit key, HMAC-SHA1
/// authentication with an 80- or 32-bit tag on SRTP. SRTCP always carries the 80-bit tag (RFC 4568 §6.2.1).</summary>
public enum SrtpCryptoSuite
{
    /// <summary>AES_CM_128_HMAC_SHA1_80: 80-bit SRTP tag.</summary>
    AesCm128HmacSha1_80,

    /// <summary>AES_CM_128_HMAC_SHA1_32: 32-bit SRTP tag.</summary>
    AesCm128HmacSha1_32,
}

/// <summary>Names and sizes of the <see cref="SrtpCryptoSuite"/> values.</summary>
public static class SrtpCryptoSuites
{
    /// <summary>Master key length in octets (128 bits).</summary>
    public const int MasterKeyLength = 16;

    /// <summary>Master salt length in octets (112 bits).</summary>
    public const int MasterSaltLength = 14;

    /// <summary>Session authentication key length in octets (160 bits, RFC 3711 §8.2).</summary>
    public const int AuthKeyLength = 20;

    /// <summary>The SRTCP authentication tag length in octets: 80 bits for both suites.</summary>
    public const int SrtcpTagLength = 10;

    /// <summary>The SRTP authentication tag length in octets.</summary>
    public static int SrtpTagLength(this SrtpCryptoSuite suite) => suite switch
    {
        SrtpCryptoSuite.AesCm128HmacSha1_80 => 10,
        SrtpCryptoSuite.AesCm128HmacSha1_32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "Unknown SRTP crypto suite."),
    };

    /// <summary>The suite's SDP name (RFC 4568 §6.2).</summary>
    public static string SdpName(this SrtpCryptoSuite suite) => suite switch
    {
        SrtpCryptoSuite.AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
        SrtpCryptoSuite.AesCm128HmacSha1_32 => "AES_CM_128_HMAC_SHA1_32",
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "Unknown SRTP crypto suite."),
    };

    /// <summary>Looks a suite up by its SDP name (case-sensitive, as RFC 4568 registers them).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SrtpCryptoSuite suite)
    {
        if (name.SequenceEqual("AES_CM_128_HMAC_SHA1_80"))
        {
            suite = SrtpCryptoSuite.AesCm128HmacSha1_80;
            return true;
        }

        if (name.SequenceEqual("AES_CM_128_HMAC_SHA1_32"))
        {
            suite = SrtpCryptoSuite.AesCm128HmacSha1_32;
            return true;
        }

        suite = default;
        return false;
    }
}
