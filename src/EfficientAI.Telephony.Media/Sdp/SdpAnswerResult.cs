using System.Diagnostics.CodeAnalysis;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>The outcome of <see cref="SdpOfferAnswer.CreateAnswer"/>: the answer and what it settles, or why none exists.</summary>
public sealed class SdpAnswerResult
{
    private SdpAnswerResult(SessionDescription? answer, NegotiatedMedia? media, string? error)
    {
        Answer = answer;
        Media = media;
        Error = error;
    }

    /// <summary>Whether an acceptable answer exists. When false, a SIP UAS rejects the offer (488 Not Acceptable Here).</summary>
    [MemberNotNullWhen(true, nameof(Answer), nameof(Media))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Answer is not null;

    /// <summary>The answer to send.</summary>
    public SessionDescription? Answer { get; }

    /// <summary>The negotiated audio stream.</summary>
    public NegotiatedMedia? Media { get; }

    /// <summary>Why the offer cannot be accepted, naming what was offered and what is supported.</summary>
    public string? Error { get; }

    internal static SdpAnswerResult Ok(SessionDescription answer, NegotiatedMedia media) => new(answer, media, null);

    internal static SdpAnswerResult Fail(string error) => new(null, null, error);
}
