namespace EfficientAI.Telephony.Storage.Calls;

/// <summary>One turn of the transcript; times are milliseconds on the call's media clock.</summary>
public sealed record CallTurnRecord(string Speaker, double StartMs, double EndMs, string? Text);
