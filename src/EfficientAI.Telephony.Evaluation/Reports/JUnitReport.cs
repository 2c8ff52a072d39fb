using System.Globalization;
using System.Text;
using System.Xml;
using EfficientAI.Telephony.Evaluation.Assertions;

namespace EfficientAI.Telephony.Evaluation.Reports;

/// <summary>
/// JUnit XML for CI systems: a testsuite per dialplan, a testcase per call (error when it never reached the agent,
/// failure when an assertion failed) and one per assertion (failure text: measured vs threshold; skipped when not
/// run). Element order and attributes follow the common JUnit schema (Ant/Jenkins junit-10.xsd) that GitLab,
/// Jenkins, GitHub and Azure DevOps read: properties, testcase*, system-out; testcase holds at most one of
/// skipped/error/failure.
/// </summary>
public static class JUnitReport
{
    public static string Write(IReadOnlyList<CallEvaluation> calls, string name = "efficientai")
    {
        ArgumentNullException.ThrowIfNull(calls);
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var xml = XmlWriter.Create(new StringWriterUtf8(sb), settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", name);
            var all = calls.Select(Cases).ToList();
            WriteCounts(xml, all.SelectMany(c => c).ToList(), calls.Sum(c => (c.Call.DurationMs ?? 0) / 1000));
            foreach (var suite in calls.Select((c, i) => (Call: c, Cases: all[i])).GroupBy(x => x.Call.Dialplan))
            {
                WriteSuite(xml, suite.Key, [.. suite.Select(s => (s.Call, s.Cases))]);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return sb.ToString();
    }

    private sealed record Case(string ClassName, string Name, double Seconds, string? Kind, string? Message, string? Text);

    private static void WriteSuite(XmlWriter xml, string dialplan, IReadOnlyList<(CallEvaluation Call, List<Case> Cases)> calls)
    {
        var cases = calls.SelectMany(c => c.Cases).ToList();
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", dialplan);
        WriteCounts(xml, cases, calls.Sum(c => (c.Call.Call.DurationMs ?? 0) / 1000));
        // xs:dateTime without a zone, as the Ant schema's ISO8601 pattern expects; it is UTC.
        xml.WriteAttributeString("timestamp", calls[0].Call.Call.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", "localhost");
        xml.WriteStartElement("properties");
        Property(xml, "target", calls[0].Call.Call.Target);
        Property(xml, "judge", calls[0].Call.Judge);
        xml.WriteEndElement();
        foreach (var c in cases)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", c.ClassName);
            xml.WriteAttributeString("name", c.Name);
            xml.WriteAttributeString("time", Seconds(c.Seconds));
            if (c.Kind is not null)
            {
                xml.WriteStartElement(c.Kind);
                xml.WriteAttributeString("message", c.Message);
                if (c.Kind != "skipped")
                {
                    xml.WriteAttributeString("type", c.Kind == "error" ? "not-run" : "assertion");
                }

                if (c.Text is not null)
                {
                    xml.WriteString(c.Text);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteStartElement("system-out");
        foreach (var (call, _) in calls)
        {
            xml.WriteString($"{call.Call.CallId} to {call.Call.Target}: {call.Call.Outcome} (SIP {call.Call.SipStatus}){(call.Call.Cause is null ? "" : $", {call.Call.Cause}")}\n");
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static List<Case> Cases(CallEvaluation e)
    {
        var className = $"{e.Dialplan}.{e.Call.CallId}";
        var cases = new List<Case>
        {
            e.Verdict switch
            {
                CallVerdict.NotRun => new Case(className, "call", (e.Call.DurationMs ?? 0) / 1000, "error", $"not run: {e.VerdictCause}", null),
                CallVerdict.Failed => new Case(className, "call", (e.Call.DurationMs ?? 0) / 1000, "failure", e.VerdictCause, null),
                _ => new Case(className, "call", (e.Call.DurationMs ?? 0) / 1000, null, null, null),
            },
        };
        foreach (var a in e.Assertions)
        {
            var evidence = a.Evidence is null ? null
                : string.Join("; ", new[]
                {
                    a.Evidence.Range is { } r ? string.Create(CultureInfo.InvariantCulture, $"at {r.StartMs:0}–{r.EndMs:0} ms") : null,
                    a.Evidence.Excerpt is { } x ? (x.Contains('"', StringComparison.Ordinal) ? x : $"\"{x}\"") : null,
                }.Where(s => s is not null));
            cases.Add(a.Status switch
            {
                AssertionStatus.Failed => new Case(className, a.Name, 0, "failure", $"measured {a.Measured ?? "nothing"}, threshold {a.Threshold}",
                    $"{a.Detail}{(string.IsNullOrEmpty(evidence) ? "" : $"\nevidence: {evidence}")}"),
                AssertionStatus.NotRun => new Case(className, a.Name, 0, "skipped", $"not run: {a.Detail}", null),
                _ => new Case(className, a.Name, 0, null, null, null),
            });
        }

        return cases;
    }

    private static void WriteCounts(XmlWriter xml, List<Case> cases, double seconds)
    {
        xml.WriteAttributeString("tests", $"{cases.Count}");
        xml.WriteAttributeString("failures", $"{cases.Count(c => c.Kind == "failure")}");
        xml.WriteAttributeString("errors", $"{cases.Count(c => c.Kind == "error")}");
        xml.WriteAttributeString("skipped", $"{cases.Count(c => c.Kind == "skipped")}");
        xml.WriteAttributeString("time", Seconds(seconds));
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A StringWriter that declares UTF-8, so the XML declaration says encoding="utf-8" as the file is written.</summary>
    private sealed class StringWriterUtf8(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
