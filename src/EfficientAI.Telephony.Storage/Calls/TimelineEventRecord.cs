namespace EfficientAI.Telephony.Storage.Calls;

/// <summary>
/// One timeline event of a call, stamped on its media clock: the RTP sample index and the same instant in
/// milliseconds since the call started.
/// </summary>
public sealed record TimelineEventRecord(long SampleIndex, double AtMs, string Kind, string? Speaker, string? Text);
