using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Providers.Llm;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// Scores a dialplan's judge criteria with a model (structured output: one score in 0..1 and a reason per criterion),
/// from the call's transcript, scenario and goal. A criterion the model leaves out is reported not run, never guessed.
/// </summary>
internal sealed class LlmJudge(StructuredChat chat) : IJudge
{
    private static readonly JsonObject Schema = new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("scores"),
        ["properties"] = new JsonObject
        {
            ["scores"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["required"] = new JsonArray("index", "score", "reason"),
                    ["properties"] = new JsonObject
                    {
                        ["index"] = new JsonObject { ["type"] = "integer", ["description"] = "The criterion's number as listed" },
                        ["score"] = new JsonObject { ["type"] = "number", ["description"] = "0 = not met at all, 1 = fully met" },
                        ["reason"] = new JsonObject { ["type"] = "string", ["description"] = "One or two sentences citing what was said" },
                    },
                },
            },
        },
    };

    private const string System = """
        You evaluate a recorded telephone call between a CALLER and a voice AI AGENT, as a strict, fair QA reviewer.
        For each numbered criterion, score how well the call meets it, from 0 (not at all) to 1 (fully), and give a
        short reason quoting or pointing at what was said. Judge only from the transcript; when the transcript does not
        show something, it did not happen. Text marked (unknown) was not transcribed: do not guess what it said.
        """;

    public bool IsEnabled => true;

    public string Description => $"judge: {chat.Description}";

    public async Task<JudgeVerdict> ScoreAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = new StringBuilder();
        user.AppendLine(CultureInfo.InvariantCulture, $"Scenario: {request.Scenario ?? "(none given)"}");
        user.AppendLine(CultureInfo.InvariantCulture, $"Caller's goal: {request.Goal ?? "(none given)"}");
        user.AppendLine().AppendLine("Transcript (milliseconds since answer):");
        foreach (var turn in request.Transcript.OrderBy(t => t.StartMs))
        {
            var who = turn.Speaker == Speaker.Agent ? "AGENT" : "CALLER";
            user.AppendLine(CultureInfo.InvariantCulture, $"[{turn.StartMs:0}-{turn.EndMs:0}] {who}: {turn.Text ?? "(unknown)"}");
        }

        user.AppendLine().AppendLine("Criteria:");
        for (var i = 0; i < request.Criteria.Count; i++)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. {request.Criteria[i]}");
        }

        var answer = await chat.CompleteAsync(System, user.ToString(), "call_scores", Schema, cancellationToken).ConfigureAwait(false);
        var scores = new List<CriterionScore>();
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("scores", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("index", out var index) && index.TryGetInt32(out var n) && n >= 1 && n <= request.Criteria.Count
                    && item.TryGetProperty("score", out var score) && score.TryGetDouble(out var value)
                    && scores.All(s => s.Criterion != request.Criteria[n - 1]))
                {
                    var reason = item.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
                    scores.Add(new CriterionScore(request.Criteria[n - 1], Math.Clamp(value, 0, 1), reason));
                }
            }
        }

        return new JudgeVerdict(scores);
    }
}
