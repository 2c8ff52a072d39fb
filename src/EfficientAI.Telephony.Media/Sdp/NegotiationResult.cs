using System.Diagnostics.CodeAnalysis;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>The outcome of <see cref="SdpOfferAnswer.ReadAnswer"/>: the negotiated stream, or why the answer is unusable.</summary>
public sealed class NegotiationResult
{
    private NegotiationResult(NegotiatedMedia? media, string? error)
    {
        Media = media;
        Error = error;
    }

    /// <summary>Whether the answer settles a usable audio stream.</summary>
    [MemberNotNullWhen(true, nameof(Media))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Media is not null;

    /// <summary>The negotiated audio stream.</summary>
    public NegotiatedMedia? Media { get; }

    /// <summary>Why the answer is unusable.</summary>
    public string? Error { get; }

    internal static NegotiationResult Ok(NegotiatedMedia media) => new(media, null);

    internal static NegotiationResult Fail(string error) => new(null, error);
}
