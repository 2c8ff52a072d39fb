using System.Diagnostics.CodeAnalysis;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>The outcome of <see cref="SessionDescription.Parse"/>: a description, or the line and reason it failed.</summary>
public sealed class SdpParseResult
{
    private SdpParseResult(SessionDescription? description, string? error, int lineNumber)
    {
        Description = description;
        Error = error;
        LineNumber = lineNumber;
    }

    /// <summary>Whether the text was a valid session description.</summary>
    [MemberNotNullWhen(true, nameof(Description))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Description is not null;

    /// <summary>The parsed description when <see cref="Success"/>.</summary>
    public SessionDescription? Description { get; }

    /// <summary>What was wrong, naming the line number and what would have been valid, when not <see cref="Success"/>.</summary>
    public string? Error { get; }

    /// <summary>The 1-based line the error is on; 0 when the error is about the whole text (e.g. a missing line).</summary>
    public int LineNumber { get; }

    internal static SdpParseResult Ok(SessionDescription description) => new(description, null, 0);

    internal static SdpParseResult Fail(int lineNumber, string reason) =>
        new(null, lineNumber > 0 ? $"line {lineNumber}: {reason}" : reason, lineNumber);
}
