namespace EfficientAI.Telephony.Media.Tests.Sdp;

/// <summary>Joins SDP lines with CRLF, each line terminated, as on the wire.</summary>
internal static class SdpText
{
    public static string Crlf(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    public static string Lf(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));
}
