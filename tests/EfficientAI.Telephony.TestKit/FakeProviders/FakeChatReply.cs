namespace EfficientAI.Telephony.TestKit.FakeProviders;

/// <summary>
/// How the fake answers a streamed chat completion: content deltas in order, then tool calls
/// (each streamed as a name and its arguments in two pieces). With <see cref="HoldBeforeDelta"/>
/// set, the stream stops before that delta until <see cref="Release"/> is called, so a test can
/// see what a client did with the deltas it had so far.
/// </summary>
public sealed class FakeChatReply
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> ContentDeltas { get; init; } = [];

    public IReadOnlyList<(string Name, string Arguments)> ToolCalls { get; init; } = [];

    /// <summary>Index of the delta the stream waits before; null streams everything at once.</summary>
    public int? HoldBeforeDelta { get; init; }

    /// <summary>Completes when the server has written the final chunk and [DONE].</summary>
    public Task Finished => FinishedSource.Task;

    internal TaskCompletionSource FinishedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Task Released => _released.Task;

    public void Release() => _released.TrySetResult();
}
