using System.Text.RegularExpressions;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Evaluation.Reports;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Reports;

public sealed class HtmlReportTests
{
    [Fact]
    public async Task Report_IsSelfContained_NothingIsFetched()
    {
        var html = HtmlReport.Write(await Evaluate());

        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=|url\(|@import|<link\b|<script\b", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task Report_EncodesWhatPeopleSaid()
    {
        var call = SampleCalls.Demo() with { Turns = [new(Conversation.Timeline.Speaker.Caller, 0, 900, "<script>alert(1)</script> & more")] };
        var html = HtmlReport.Write(await Evaluate(call));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_RendersLanesLatencyLadderAndAssertions()
    {
        var evaluation = await Evaluate();
        var file = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, HtmlReport.Write(evaluation));
        try
        {
            var dom = await HeadlessChromium.DumpDomAsync(file);
            var png = Png.Read(await HeadlessChromium.ScreenshotAsync(file, 1200, 1600));

            // The DOM Chromium built from the page: one bar per turn in each lane, a latency bar per answered turn,
            // an arrow per SIP message, a row per assertion with its status.
            Assert.Equal(2, Regex.Count(dom, "<rect class=\"turn caller\""));
            Assert.Equal(3, Regex.Count(dom, "<rect class=\"turn agent\""));
            Assert.Equal(2, Regex.Count(dom, "<rect class=\"latency-bar"));
            Assert.Equal(1, Regex.Count(dom, "<rect class=\"latency-bar over\""));
            Assert.Equal(6, Regex.Count(dom, "<g class=\"sip-message"));
            Assert.Equal(evaluation.Assertions.Count, Regex.Count(dom, "<tr class=\"assertion "));
            Assert.Contains("<tr class=\"assertion failed\" data-name=\"latency.maxMs\">", dom, StringComparison.Ordinal);
            Assert.Contains("<span id=\"verdict\" class=\"badge failed\">failed</span>", dom, StringComparison.Ordinal);
            Assert.Contains("judge off: no OpenAI-compatible endpoint configured", dom, StringComparison.Ordinal);

            // And it is on screen: the window's size, the caller lane blue and the agent lane green painted.
            Assert.Equal((1200, 1600), (png.Width, png.Height));
            Assert.True(png.Count(0x2f, 0x81, 0xf7) > 200, "caller lane colour not on the screenshot");
            Assert.True(png.Count(0x1a, 0x7f, 0x37) > 200, "agent lane colour not on the screenshot");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<CallEvaluation> Evaluate(Observations.ObservedCall? call = null)
    {
        var plan = DialplanLoader.Parse("""
            name: returns
            target: sip:agent@127.0.0.1:39783
            persona: {lines: [Hi]}
            assertions:
              outcome: completed
              latency: {maxMs: 1005}
              mustSay: ["order number"]
              judge: {criteria: ["The agent is polite"]}
            """, "returns.yaml");
        return await new CallEvaluator(DisabledJudge.Instance).EvaluateAsync(plan, call ?? SampleCalls.Demo(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
