using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Evaluation.Observations;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Assertions;

public sealed class CallEvaluatorTests
{
    private static readonly CallEvaluator Evaluator = new(DisabledJudge.Instance);

    [Fact]
    public async Task DemoCall_AgainstTheDemoDialplan_Passes()
    {
        var plan = DialplanLoader.Load(Path.Combine(Repository.Dialplans, "demo.yaml"));

        var e = await Evaluate(plan, SampleCalls.Demo());

        Assert.Equal(CallVerdict.Passed, e.Verdict);
        Assert.All(e.Assertions, a => Assert.Equal(AssertionStatus.Passed, a.Status));
        Assert.Equal(["outcome", "latency.maxMs", "timeToFirstAudioMs", "maxAgentInterruptions", "minAgentTurns"], e.Assertions.Select(a => a.Name));
    }

    [Fact]
    public async Task LatencyOverTheThreshold_FailsWithMeasuredThresholdAndTheSlowestTurn()
    {
        var plan = Plan("assertions:\n  latency:\n    p50Ms: 1004.5\n    maxMs: 1005\n");

        var e = await Evaluate(plan, SampleCalls.Demo());

        var max = e.Assertions.Single(a => a.Name == "latency.maxMs");
        Assert.Equal(AssertionStatus.Failed, max.Status);
        Assert.Equal("1007.5 ms", max.Measured);
        Assert.Equal("≤ 1005 ms", max.Threshold);
        Assert.Equal("1007.5 ms exceeds 1005 ms by 2.5 ms", max.Detail);
        Assert.Equal(8013, max.Evidence!.Range!.StartMs);
        Assert.Equal(9020.5, max.Evidence.Range.EndMs);
        Assert.Equal(AssertionStatus.Passed, e.Assertions.Single(a => a.Name == "latency.p50Ms").Status);
        Assert.Equal(CallVerdict.Failed, e.Verdict);
        Assert.Equal("1 assertion(s) failed: latency.maxMs", e.VerdictCause);
    }

    [Fact]
    public async Task BusyAgent_IsNotRun_WithItsCause_NeverAnAgentFailure()
    {
        var plan = Plan("assertions:\n  latency:\n    maxMs: 1000\n  minAgentTurns: 1\n");

        var e = await Evaluate(plan, SampleCalls.Busy());

        Assert.Equal(CallVerdict.NotRun, e.Verdict);
        Assert.Equal("the call never reached the agent (busy: 486 Busy Here)", e.VerdictCause);
        Assert.All(e.Assertions, a => Assert.Equal(AssertionStatus.NotRun, a.Status));
        Assert.Equal(["outcome", "latency.maxMs", "minAgentTurns"], e.Assertions.Select(a => a.Name));
    }

    [Theory]
    [InlineData("completed", "passed")]
    [InlineData("dead-air", "passed")]
    [InlineData("voicemail", "passed")]
    [InlineData("busy", "not-run")]
    [InlineData("failed", "not-run")]
    public async Task Answered_AcceptsAnyAnsweredCall_AndAnUnansweredOneIsNotRun(string outcome, string verdict)
    {
        var call = outcome == "busy" ? SampleCalls.Busy() : SampleCalls.Demo() with { Outcome = outcome };

        var e = await Evaluate(Plan("assertions:\n  outcome: answered\n"), call);

        Assert.Equal(verdict, e.Verdict switch { CallVerdict.Passed => "passed", CallVerdict.Failed => "failed", _ => "not-run" });
    }

    [Fact]
    public async Task HarnessFailure_IsNotRun_NeverAnAgentFailure()
    {
        var plan = Plan("assertions:\n  latency:\n    maxMs: 1000\n  minAgentTurns: 5\n");

        var e = await Evaluate(plan, SampleCalls.Demo() with { HarnessFailure = "line 2: llm: HTTP 500 Internal Server Error" });

        Assert.Equal(CallVerdict.NotRun, e.Verdict);
        Assert.Contains("the harness failed during the call", e.VerdictCause, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", e.VerdictCause, StringComparison.Ordinal);
        Assert.All(e.Assertions, a => Assert.Equal(AssertionStatus.NotRun, a.Status));
    }

    [Fact]
    public async Task ExpectedBusy_PassesOnBusy_AndSkipsTheAgentAssertions()
    {
        var plan = Plan("assertions:\n  outcome: busy\n  minAgentTurns: 1\n");

        var e = await Evaluate(plan, SampleCalls.Busy());

        Assert.Equal(CallVerdict.Passed, e.Verdict);
        Assert.Equal(AssertionStatus.Passed, e.Assertions[0].Status);
        Assert.Equal(AssertionStatus.NotRun, e.Assertions[1].Status);
    }

    [Fact]
    public async Task ExpectedBusy_FailsWhenTheAgentAnswers()
    {
        var e = await Evaluate(Plan("assertions:\n  outcome: busy\n"), SampleCalls.Demo());

        Assert.Equal(CallVerdict.Failed, e.Verdict);
        Assert.Equal("expected busy, got completed: the persona hung up (SIP 200)", e.Assertions[0].Detail);
    }

    [Fact]
    public async Task AnsweredCallWithoutAnyAgentSpeech_FailsTheLatencyAssertion()
    {
        var silent = SampleCalls.Demo() with { Turns = [new(Conversation.Timeline.Speaker.Caller, 100, 3000, "Hello?")], ResponseLatenciesMs = [] };

        var e = await Evaluate(Plan("assertions:\n  latency:\n    maxMs: 1000\n  timeToFirstAudioMs: 2000\n"), silent);

        Assert.Equal(CallVerdict.Failed, e.Verdict);
        Assert.Equal("no agent response was measured", e.Assertions.Single(a => a.Name == "latency.maxMs").Detail);
        Assert.Equal("the agent never spoke", e.Assertions.Single(a => a.Name == "timeToFirstAudioMs").Detail);
    }

    [Fact]
    public async Task MustSayAndMustNotSay_CheckTheAgentsWords_WithEvidence()
    {
        var plan = Plan("assertions:\n  mustSay: [\"the order number\", \"refund issued\"]\n  mustNotSay: [\"anything else\"]\n");

        var e = await Evaluate(plan, SampleCalls.Demo());

        var said = e.Assertions.Single(a => a.Name == "mustSay: the order number");
        Assert.Equal(AssertionStatus.Passed, said.Status);
        Assert.Equal(9020, said.Evidence!.Range!.StartMs);
        Assert.Equal(AssertionStatus.Failed, e.Assertions.Single(a => a.Name == "mustSay: refund issued").Status);
        var notSay = e.Assertions.Single(a => a.Name == "mustNotSay: anything else");
        Assert.Equal(AssertionStatus.Failed, notSay.Status);
        Assert.Equal(SampleCalls.Reply2, notSay.Evidence!.Excerpt);
    }

    [Fact]
    public async Task MustSay_WithoutTheAgentsWords_IsNotRun()
    {
        var e = await Evaluate(Plan("assertions:\n  mustSay: [\"order number\"]\n"), SampleCalls.Demo(agentText: false));

        var a = Assert.Single(e.Assertions, a => a.Name.StartsWith("mustSay", StringComparison.Ordinal));
        Assert.Equal(AssertionStatus.NotRun, a.Status);
        Assert.Contains("no speech-to-text is configured", a.Detail, StringComparison.Ordinal);
        Assert.Equal(CallVerdict.Passed, e.Verdict);
    }

    [Fact]
    public async Task Wer_ComparesTheAgentsWordsWithTheExpectedText()
    {
        var expected = $"{SampleCalls.Greeting} {SampleCalls.Reply1} No problem, we can look it up with your receipt. Is there anything else?";

        var e = await Evaluate(Plan($"assertions:\n  wer:\n    expected: \"{expected}\"\n    max: 0.01\n"), SampleCalls.Demo());

        var wer = e.Assertions.Single(a => a.Name == "wer");
        Assert.Equal(AssertionStatus.Failed, wer.Status);
        Assert.Equal(1.0 / 40, wer.MeasuredValue!.Value, 6);
        Assert.StartsWith("1 substituted, 0 deleted, 0 inserted of 40 words", wer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadAirAndDuration_AreHeldToTheirBounds()
    {
        var e = await Evaluate(Plan("assertions:\n  maxDeadAirMs: 1000\n  duration:\n    minSeconds: 5\n    maxSeconds: 20\n"), SampleCalls.Demo());

        var deadAir = e.Assertions.Single(a => a.Name == "maxDeadAirMs");
        Assert.Equal(("1007 ms", AssertionStatus.Failed), (deadAir.Measured, deadAir.Status));
        Assert.Equal(AssertionStatus.Passed, e.Assertions.Single(a => a.Name == "duration.minSeconds").Status);
        Assert.Equal("21.9 s", e.Assertions.Single(a => a.Name == "duration.maxSeconds").Measured);
        Assert.Equal(AssertionStatus.Failed, e.Assertions.Single(a => a.Name == "duration.maxSeconds").Status);
    }

    [Fact]
    public async Task JudgeOff_ReportsEachCriterionNotRun_AndSaysWhy()
    {
        var e = await Evaluate(Plan("assertions:\n  judge:\n    criteria: [\"The agent is polite\"]\n"), SampleCalls.Demo());

        var judged = e.Assertions.Single(a => a.Name == "judge: The agent is polite");
        Assert.Equal(AssertionStatus.NotRun, judged.Status);
        Assert.Equal("judge off: no OpenAI-compatible endpoint configured", judged.Detail);
        Assert.Equal(judged.Detail, e.Judge);
    }

    [Fact]
    public async Task JudgeOn_HoldsEachScoreToTheMinimum()
    {
        var judge = new FixedJudge(new CriterionScore("The agent is polite", 0.9, "greets and thanks"), new CriterionScore("The agent solves it", 0.4, "asks but never resolves"));
        var plan = Plan("assertions:\n  judge:\n    minScore: 0.7\n    criteria: [\"The agent is polite\", \"The agent solves it\"]\n");

        var e = await new CallEvaluator(judge).EvaluateAsync(plan, SampleCalls.Demo(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(AssertionStatus.Passed, e.Assertions.Single(a => a.Name == "judge: The agent is polite").Status);
        var failed = e.Assertions.Single(a => a.Name == "judge: The agent solves it");
        Assert.Equal(("0.4", "asks but never resolves"), (failed.Measured, failed.Detail));
        Assert.Equal(CallVerdict.Failed, e.Verdict);
        Assert.Equal(plan.Assertions.Judge!.Criteria, judge.Asked!.Criteria);
    }

    [Fact]
    public async Task Mos_IsNotRun_UntilMeasured()
    {
        var e = await Evaluate(Plan("assertions:\n  minMos: 4\n"), SampleCalls.Demo());

        Assert.Equal(AssertionStatus.NotRun, e.Assertions.Single(a => a.Name == "minMos").Status);
    }

    private const string Branches = "branches:\n  - name: lookup\n    phrase: we can look it up with your card\n";

    [Fact]
    public async Task ReachedBranch_PassesWhenTheAgentSaysItsPhraseAfterTheLastKey()
    {
        var call = SampleCalls.Demo() with { Timeline = [.. SampleCalls.Demo().Timeline, new(13300, TimelineEventKind.DtmfSent, Speaker.Caller, "2")] };

        var e = await Evaluate(Plan(Branches + "assertions:\n  reachedBranch: lookup\n"), call);

        var branch = e.Assertions.Single(a => a.Name == "reachedBranch");
        Assert.Equal((AssertionStatus.Passed, "lookup"), (branch.Status, branch.Measured));
        Assert.Equal(17400, branch.Evidence!.Range!.StartMs);
        Assert.Contains("after the caller pressed 2 at 13300 ms", branch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReachedBranch_FailsWhenThePhraseCameOnlyBeforeTheLastKey_AndIsNotRunWithoutTheAgentsWords()
    {
        var late = SampleCalls.Demo() with { Timeline = [.. SampleCalls.Demo().Timeline, new(21400, TimelineEventKind.DtmfSent, Speaker.Caller, "9")] };
        var plan = Plan(Branches + "assertions:\n  reachedBranch: lookup\n");

        var failed = (await Evaluate(plan, late)).Assertions.Single(a => a.Name == "reachedBranch");
        var unknown = (await Evaluate(plan, SampleCalls.Demo(agentText: false))).Assertions.Single(a => a.Name == "reachedBranch");

        Assert.Equal((AssertionStatus.Failed, "not reached"), (failed.Status, failed.Measured));
        Assert.Equal(AssertionStatus.NotRun, unknown.Status);
    }

    [Fact]
    public void ReachedBranch_NamingNoKnownBranch_IsRejectedByTheLoader()
    {
        var error = Assert.Throws<DialplanException>(() => Plan(Branches + "assertions:\n  reachedBranch: billing\n"));

        Assert.Contains("assertions.reachedBranch 'billing' names no branch; known branches: lookup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReachedBranch_KnowsTheReferenceAgentsMenuBranches()
    {
        var plan = DialplanLoader.Parse("""
            target: reference-agent
            steps: [{press: "1"}]
            agent:
              ivr:
                prompt: Press 1 for billing.
                options: [{key: "1", say: You reached billing., branch: billing}]
            assertions: {reachedBranch: billing}
            """, "ivr.yaml");

        Assert.Equal(("billing", "You reached billing."), (plan.KnownBranches().Single().Name, plan.KnownBranches().Single().Phrase));
    }

    [Theory]
    [InlineData(2000.0, 2180.0, false, "passed", "180 ms")]
    [InlineData(2000.0, 2900.0, false, "failed", "900 ms")]
    [InlineData(2000.0, null, false, "failed", "never stopped")]
    [InlineData(2000.0, 2100.0, true, "failed", "100 ms")]
    public async Task MaxBargeInStop_HoldsTheAgentsStopLatency_AndStaleAudio(double onset, double? stop, bool stale, string status, string measured)
    {
        var call = SampleCalls.Demo() with { BargeIns = [new ObservedBargeIn(onset, stop, stale)] };

        var e = await Evaluate(Plan("assertions:\n  maxBargeInStopMs: 500\n"), call);

        var result = e.Assertions.Single(a => a.Name == "maxBargeInStopMs");
        Assert.Equal((status, measured), (result.Status.ToString().ToLowerInvariant(), result.Measured));
    }

    [Fact]
    public async Task MaxBargeInStop_IsNotRun_WhenTheCallerNeverBargedIn()
    {
        var e = await Evaluate(Plan("assertions:\n  maxBargeInStopMs: 500\n"), SampleCalls.Demo());

        Assert.Equal(AssertionStatus.NotRun, e.Assertions.Single(a => a.Name == "maxBargeInStopMs").Status);
    }

    [Fact]
    public async Task AgentDtmf_ComparesTheKeysHeardInOrder()
    {
        ObservedCall Keys(params string[] digits) => SampleCalls.Demo() with
        {
            Timeline = [.. SampleCalls.Demo().Timeline, .. digits.Select((d, i) => new ObservedEvent(3500 + (240 * i), TimelineEventKind.DtmfReceived, Speaker.Agent, d))],
        };
        var plan = Plan("assertions:\n  agentDtmf: \"42\"\n");

        var right = (await Evaluate(plan, Keys("4", "2"))).Assertions.Single(a => a.Name == "agentDtmf");
        var wrong = (await Evaluate(plan, Keys("2", "4"))).Assertions.Single(a => a.Name == "agentDtmf");
        var none = (await Evaluate(plan, Keys())).Assertions.Single(a => a.Name == "agentDtmf");

        Assert.Equal((AssertionStatus.Passed, "42"), (right.Status, right.Measured));
        Assert.Equal((AssertionStatus.Failed, "24"), (wrong.Status, wrong.Measured));
        Assert.Equal((AssertionStatus.Failed, "none"), (none.Status, none.Measured));
    }

    [Fact]
    public async Task Mos_WhenMeasured_IsHeldToTheMinimum()
    {
        var call = SampleCalls.Demo() with { Rtp = new ObservedRtp { Mos = 3.6, Lost = 40, JitterMs = 30 } };

        var e = await Evaluate(Plan("assertions:\n  minMos: 4\n"), call);

        Assert.Equal(("3.6", AssertionStatus.Failed), (e.Assertions[1].Measured, e.Assertions[1].Status));
    }

    [Fact]
    public async Task TransferTarget_PassesWhenTheAgentReferredThere_FailsWhenItDidNotTransfer()
    {
        var plan = Plan("assertions:\n  transferTarget: sip:desk@127.0.0.1:5090\n");

        var transferred = await Evaluate(plan, SampleCalls.Demo() with { TransferTarget = "sip:desk@127.0.0.1:5090;transport=udp" });
        var stayed = await Evaluate(plan, SampleCalls.Demo());

        Assert.Equal(AssertionStatus.Passed, transferred.Assertions.Single(a => a.Name == "transferTarget").Status);
        var failed = stayed.Assertions.Single(a => a.Name == "transferTarget");
        Assert.Equal(AssertionStatus.Failed, failed.Status);
        Assert.Equal("no transfer", failed.Measured);
    }

    [Fact]
    public async Task Series_ReportsPassRateAndSpreadPerAssertion_AndCallsAMixedResultFlaky()
    {
        var plan = Plan("assertions:\n  latency:\n    maxMs: 1005\n  minAgentTurns: 3\n");
        var fast = SampleCalls.Demo() with { ResponseLatenciesMs = [900, 950] };
        var slow = SampleCalls.Demo() with { ResponseLatenciesMs = [1000, 1100] };
        var calls = new[] { await Evaluate(plan, fast), await Evaluate(plan, slow), await Evaluate(plan, fast), await Evaluate(plan, SampleCalls.Busy()) };

        var series = SeriesEvaluation.Of("t", calls);

        Assert.Equal(SeriesVerdict.Flaky, series.Verdict);
        Assert.Equal((2, 1, 1), (series.CallsPassed, series.CallsFailed, series.CallsNotRun));
        var latency = series.Assertions.Single(a => a.Name == "latency.maxMs");
        Assert.Equal((2, 1, 1, true), (latency.Passed, latency.Failed, latency.NotRun, latency.Flaky));
        Assert.Equal(2.0 / 3, latency.PassRate!.Value, 6);
        Assert.Equal((950.0, 950.0, 1100.0), (latency.MeasuredMin, latency.MeasuredMedian, latency.MeasuredMax));
        var turns = series.Assertions.Single(a => a.Name == "minAgentTurns");
        Assert.Equal((3, 0, false, 1.0), (turns.Passed, turns.Failed, turns.Flaky, turns.PassRate));
    }

    [Fact]
    public async Task Series_OfOnlyUnreachedCalls_IsNotRun_AndAllPassing_IsPassed()
    {
        var plan = Plan("assertions:\n  minAgentTurns: 3\n");

        var unreached = SeriesEvaluation.Of("t", [await Evaluate(plan, SampleCalls.Busy()), await Evaluate(plan, SampleCalls.Busy())]);
        var passing = SeriesEvaluation.Of("t", [await Evaluate(plan, SampleCalls.Demo()), await Evaluate(plan, SampleCalls.Demo())]);

        Assert.Equal(SeriesVerdict.NotRun, unreached.Verdict);
        Assert.Null(unreached.Assertions.Single(a => a.Name == "minAgentTurns").PassRate);
        Assert.Equal(SeriesVerdict.Passed, passing.Verdict);
    }

    [Theory]
    [InlineData("sip:desk@127.0.0.1:5090", "sip:desk@127.0.0.1:5090", true)]
    [InlineData("<sip:desk@Example.COM;transport=tcp>", "sip:desk@example.com", true)]
    [InlineData("sip:desk@127.0.0.1:5090", "sip:desk@127.0.0.1", true)]
    [InlineData("sip:desk@127.0.0.1:5091", "sip:desk@127.0.0.1:5090", false)]
    [InlineData("sip:sales@127.0.0.1", "sip:desk@127.0.0.1", false)]
    [InlineData("sip:+15551234567@trunk.example.com;user=phone", "+15551234567", true)]
    [InlineData("tel:+15551234567", "+15551234567", true)]
    public void SameTarget_ComparesUserHostAndThePortWhenNamed(string actual, string expected, bool same) =>
        Assert.Equal(same, CallEvaluator.SameTarget(actual, expected));

    private static Dialplan Plan(string assertions) =>
        DialplanLoader.Parse("name: t\ntarget: sip:agent@127.0.0.1:5080\npersona:\n  lines: [Hi]\n" + assertions, "t.yaml");

    private static Task<CallEvaluation> Evaluate(Dialplan plan, ObservedCall call) =>
        Evaluator.EvaluateAsync(plan, call, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    private sealed class FixedJudge(params CriterionScore[] scores) : IJudge
    {
        public JudgeRequest? Asked { get; private set; }

        public bool IsEnabled => true;

        public string Description => "fixed scores";

        public Task<JudgeVerdict> ScoreAsync(JudgeRequest request, CancellationToken cancellationToken)
        {
            Asked = request;
            return Task.FromResult(new JudgeVerdict(scores));
        }
    }
}
