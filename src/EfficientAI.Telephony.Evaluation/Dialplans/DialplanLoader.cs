using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// Reads dialplans/*.yaml. Every problem is reported before any call is placed, each with file:line:column and what
/// would be valid; <see cref="Check"/> returns them all, <see cref="Load"/> and <see cref="Parse"/> throw them together.
/// </summary>
public static class DialplanLoader
{
    public static Dialplan Load(string path) => Require(CheckFile(path));

    public static Dialplan Parse(string yaml, string source) => Require(Check(yaml, source));

    public static DialplanLoadResult CheckFile(string path)
    {
        if (!File.Exists(path))
        {
            return new DialplanLoadResult(null, [new DialplanError(path, 1, 1, "", "file not found")]);
        }

        return Check(File.ReadAllText(path), path);
    }

    public static DialplanLoadResult Check(string yaml, string source)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet throws these, not a YamlException, on some malformed text (found by fuzzing: a NUL in a comment,
            // an unclosed flow sequence followed by a mapping); the parser's current event says where it had got to.
            var at = parser.Current?.Start ?? Mark.Empty;
            return new DialplanLoadResult(null, [new DialplanError(source, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), "", $"not valid YAML: {FirstLine(ex.Message)}")]);
        }
        catch (YamlException ex)
        {
            return new DialplanLoadResult(null, [new DialplanError(source, (int)ex.Start.Line, (int)ex.Start.Column, "", $"not valid YAML: {FirstLine(ex.InnerException?.Message ?? ex.Message)}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new DialplanLoadResult(null, [new DialplanError(source, 1, 1, "", "empty dialplan; it needs at least a target")]);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return new DialplanLoadResult(null, [new DialplanError(source, (int)second.Line, (int)second.Column, "", "one dialplan per file; a second YAML document starts here")]);
        }

        var root = stream.Documents[0].RootNode;
        var binder = new DialplanBinder(source);
        var plan = binder.Bind(root, typeof(Dialplan), "") as Dialplan;
        if (plan is not null)
        {
            Validate(plan, binder, root.Start);
            if (string.IsNullOrWhiteSpace(plan.Name))
            {
                plan.Name = Path.GetFileNameWithoutExtension(source);
            }
        }

        return binder.Errors.Count == 0 ? new DialplanLoadResult(plan, []) : new DialplanLoadResult(null, binder.Errors);
    }

    /// <summary>Rules that span several keys; binding has already checked each key on its own.</summary>
    private static void Validate(Dialplan plan, DialplanBinder binder, Mark root)
    {
        Mark At(string path, Mark fallback) => binder.Positions.TryGetValue(path, out var m) ? m : fallback;

        if (plan.Target is { } target)
        {
            var at = At("target", root);
            if (target.Uri is not null && target.Number is not null)
            {
                binder.Error(at, "target", "target has both 'uri' and 'number'; give one");
            }
            else if (target.Uri is { } uri)
            {
                if (!target.IsReferenceAgent && !uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
                {
                    binder.Error(At("target.uri", at), "target.uri", $"target '{uri}' is not a sip:/sips: URI (RFC 3261 §19.1) nor '{TargetSpec.ReferenceAgent}'; example: sip:agent@127.0.0.1:5080");
                }
            }
            else if (target.Number is { } number)
            {
                if (!Regex.IsMatch(number, @"^\+?[0-9*#]{1,32}$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    binder.Error(At("target.number", at), "target.number", $"target.number '{number}' must be digits with an optional leading + (E.164), e.g. +14155550123");
                }

                if (string.IsNullOrWhiteSpace(target.Trunk))
                {
                    binder.Error(at, "target.trunk", "target.number needs target.trunk: the trunk that carries the call");
                }
            }
            else
            {
                binder.Error(at, "target", "target needs 'uri' or 'number' + 'trunk'");
            }
        }
        else if (!binder.Errors.Any(e => e.Path == "target"))
        {
            binder.Error(At("target", root), "target", "missing target: a SIP URI, 'reference-agent', or {number, trunk}");
        }

        if (plan.Persona.Type == PersonaSpec.Scripted && plan.ScriptLines().Count == 0
            && !plan.Steps.Any(s => s.Press is not null || s.SilenceSeconds is not null || s.Hangup == true))
        {
            binder.Error(At("persona", root), "persona.lines", "a scripted persona needs persona.lines or steps (say, interrupt, press, silenceSeconds, hangup)");
        }

        if (plan.Persona.Type == PersonaSpec.Llm)
        {
            if (string.IsNullOrWhiteSpace(plan.Scenario))
            {
                binder.Error(At("persona", root), "scenario", "an llm persona needs a 'scenario': the situation the caller is in");
            }

            if (string.IsNullOrWhiteSpace(plan.Goal))
            {
                binder.Error(At("persona", root), "goal", "an llm persona needs a 'goal': what the caller wants to achieve");
            }
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (plan.Steps[i].Expect is not { } expect)
            {
                continue;
            }

            var path = $"steps[{i}].expect";
            var kinds = new[] { expect.Phrase, expect.Regex, expect.Intent }.Count(k => k is not null);
            if (kinds != 1)
            {
                binder.Error(At(path, root), path, "expect needs exactly one of 'phrase', 'regex', 'intent'");
            }

            if (expect.Regex is { } regex && !IsRegex(regex, out var why))
            {
                binder.Error(At(path + ".regex", root), path + ".regex", $"expect.regex '{regex}' is not a valid regular expression: {why}");
            }
        }

        var a = plan.Assertions;
        if (a.ReachedBranch is { } branch && !plan.KnownBranches().Any(b => b.Name == branch))
        {
            var names = plan.KnownBranches().Select(b => b.Name).OfType<string>().ToList();
            binder.Error(At("assertions.reachedBranch", root), "assertions.reachedBranch",
                $"assertions.reachedBranch '{branch}' names no branch; " + (names.Count == 0
                    ? "list it under 'branches' with the phrase the agent says there (or name an agent.ivr option's branch)"
                    : $"known branches: {string.Join(", ", names)}"));
        }

        if (plan.Agent.Ivr is { } ivr)
        {
            foreach (var key in ivr.Options.GroupBy(o => o.Key).Where(g => g.Key is not null && g.Count() > 1).Select(g => g.Key))
            {
                binder.Error(At("agent.ivr.options", root), "agent.ivr.options", $"agent.ivr.options has key '{key}' more than once");
            }
        }

        if (a.Latency is { } latency)
        {
            if (latency is { P50Ms: null, P95Ms: null, MaxMs: null })
            {
                binder.Error(At("assertions.latency", root), "assertions.latency", "assertions.latency needs at least one of p50Ms, p95Ms, maxMs");
            }

            if (latency.P50Ms > latency.P95Ms || latency.P95Ms > latency.MaxMs || latency.P50Ms > latency.MaxMs)
            {
                binder.Error(At("assertions.latency", root), "assertions.latency", "assertions.latency thresholds must grow: p50Ms ≤ p95Ms ≤ maxMs");
            }
        }

        if (a.Duration is { MinSeconds: { } min, MaxSeconds: { } max } && min > max)
        {
            binder.Error(At("assertions.duration", root), "assertions.duration", "assertions.duration.minSeconds is greater than maxSeconds");
        }

        if (a.Judge is { Criteria.Count: 0 })
        {
            binder.Error(At("assertions.judge", root), "assertions.judge.criteria", "assertions.judge needs at least one criterion");
        }

        if (a.Wer is { Expected: { } expected } && string.IsNullOrWhiteSpace(expected))
        {
            binder.Error(At("assertions.wer", root), "assertions.wer.expected", "assertions.wer needs the expected text");
        }
    }

    private static bool IsRegex(string pattern, out string reason)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            reason = "";
            return true;
        }
        catch (ArgumentException ex)
        {
            reason = ex.Message;
            return false;
        }
    }

    private static Dialplan Require(DialplanLoadResult result) =>
        result.IsValid ? result.Plan! : throw new DialplanException(result.Errors);

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? s : s[..i];
    }
}
