using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Metrics;
using EfficientAI.Telephony.Evaluation.Observations;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Metrics;

public sealed class CallMetricsTests
{
    [Fact]
    public void Demo_LatencyPercentilesTalkRatioAndFirstAudio()
    {
        var m = CallMetrics.Measure(SampleCalls.Demo());

        Assert.Equal(1004.2, m.LatencyP50Ms!.Value, 6);
        Assert.Equal(1007.5, m.LatencyMaxMs);
        Assert.Equal(93, m.TimeToFirstAudioMs);
        Assert.Equal(3334 + 3529 + 3928, m.AgentTalkMs, 6);
        Assert.Equal(3903 + 3199, m.CallerTalkMs, 6);
        Assert.Equal(10791.0 / (10791 + 7102), m.AgentTalkRatio!.Value, 6);
        Assert.Equal(3, m.AgentTurns);
    }

    [Fact]
    public void LongestDeadAir_IsTheWidestGapBetweenAnswerAndHangUp()
    {
        var m = CallMetrics.Measure(SampleCalls.Demo());

        // Gaps: 0–93, 3427–4110, 8013–9020 (1007 ms), 12549–13200, 16399–17400 (1001), 21328–21900.
        Assert.Equal(new TimeRange(8013, 9020), m.LongestDeadAir);
    }

    [Fact]
    public void AgentStartingWhileTheCallerSpeaks_IsAnInterruption_AndTheReverseIsBargeIn()
    {
        var call = SampleCalls.Demo() with
        {
            Turns =
            [
                new(Speaker.Agent, 0, 2000, null),
                new(Speaker.Caller, 1500, 4000, "Sorry, can I"),
                new(Speaker.Agent, 3000, 5000, null),
                new(Speaker.Caller, 6000, 7000, "Thanks"),
            ],
        };

        var m = CallMetrics.Measure(call);

        Assert.Equal([new TimeRange(3000, 4000)], m.AgentInterruptions);
        Assert.Equal([new TimeRange(1500, 2000)], m.CallerInterruptions);
    }

    [Fact]
    public void AgentTranscript_IsTheAgentsWordsInOrder_OrNullWhenUnknown()
    {
        Assert.Equal($"{SampleCalls.Greeting} {SampleCalls.Reply1} {SampleCalls.Reply2}", CallMetrics.Measure(SampleCalls.Demo()).AgentTranscript);
        Assert.Null(CallMetrics.Measure(SampleCalls.Demo(agentText: false)).AgentTranscript);
    }

    [Fact]
    public void UnansweredCall_HasNoDeadAirNorLatency()
    {
        var m = CallMetrics.Measure(SampleCalls.Busy());

        Assert.Null(m.LongestDeadAir);
        Assert.Null(m.LatencyP50Ms);
        Assert.Null(m.AgentTalkRatio);
    }
}
