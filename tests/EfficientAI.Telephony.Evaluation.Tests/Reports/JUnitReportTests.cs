using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Evaluation.Reports;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Reports;

public sealed class JUnitReportTests
{
    [Fact]
    public async Task Report_ValidatesAgainstTheCommonJUnitSchema()
    {
        var xml = JUnitReport.Write([await Failing(), await NotRun()]);

        var errors = Validate(xml);

        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);
    }

    [Fact]
    public void Schema_RejectsAReportWithoutTestCounts()
    {
        // The validation above can fail: the same schema rejects a suite without its required 'tests' attribute.
        Assert.NotEmpty(Validate("<testsuites><testsuite name=\"x\"><testcase name=\"a\" classname=\"b\"/></testsuite></testsuites>"));
    }

    [Fact]
    public async Task EachCallAndEachAssertion_IsATestcase_WithCountsThatAddUp()
    {
        var doc = XDocument.Parse(JUnitReport.Write([await Failing()]));
        var suite = doc.Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();

        Assert.Equal(["call", "outcome", "latency.p50Ms", "latency.maxMs", "judge: The agent is polite"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Equal("5", (string)suite.Attribute("tests")!);
        Assert.Equal("3", (string)suite.Attribute("failures")!);
        Assert.Equal("1", (string)suite.Attribute("skipped")!);
        Assert.Equal("0", (string)suite.Attribute("errors")!);
        Assert.Equal("2026-11-02T10:15:00", (string)suite.Attribute("timestamp")!);
    }

    [Fact]
    public async Task FailedAssertion_SaysMeasuredValueAgainstThreshold_WithEvidence()
    {
        var doc = XDocument.Parse(JUnitReport.Write([await Failing()]));
        var failure = doc.Descendants("testcase").Single(c => (string)c.Attribute("name")! == "latency.maxMs").Element("failure")!;

        Assert.Equal("measured 1007.5 ms, threshold ≤ 900 ms", (string)failure.Attribute("message")!);
        Assert.Contains("evidence: at 8013–9021 ms", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallThatNeverReachedTheAgent_IsAnError_AndItsAssertionsAreSkipped()
    {
        var doc = XDocument.Parse(JUnitReport.Write([await NotRun()]));
        var cases = doc.Descendants("testcase").ToList();

        var error = cases[0].Element("error")!;
        Assert.Equal("not run: the call never reached the agent (busy: 486 Busy Here)", (string)error.Attribute("message")!);
        Assert.Equal("not-run", (string)error.Attribute("type")!);
        Assert.All(cases.Skip(1), c => Assert.NotNull(c.Element("skipped")));
        Assert.Empty(doc.Descendants("failure"));
    }

    private static async Task<CallEvaluation> Failing()
    {
        var plan = DialplanLoader.Parse("""
            name: returns
            target: sip:agent@127.0.0.1:5080
            persona: {lines: [Hi]}
            assertions:
              latency: {p50Ms: 900, maxMs: 900}
              judge: {criteria: ["The agent is polite"]}
            """, "returns.yaml");
        return await new CallEvaluator(DisabledJudge.Instance).EvaluateAsync(plan, SampleCalls.Demo(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<CallEvaluation> NotRun()
    {
        var plan = DialplanLoader.Parse("target: sip:agent@127.0.0.1:5080\npersona: {lines: [Hi]}\nassertions: {minAgentTurns: 1}\n", "busy.yaml");
        return await new CallEvaluator(DisabledJudge.Instance).EvaluateAsync(plan, SampleCalls.Busy(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(JUnitReportTests).Assembly.GetManifestResourceStream("junit.xsd")!)
        {
            schemas.Add(null, XmlReader.Create(xsd));
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} {e.Exception.LineNumber}:{e.Exception.LinePosition} {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
