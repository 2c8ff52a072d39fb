using System.Text.Json.Nodes;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Tests.Support;

namespace EfficientAI.Telephony.Evaluation.Tests.Dialplans;

public sealed class DialplanSchemaTests
{
    [Fact]
    public void ShippedSchema_EqualsTheOneGeneratedFromTheModel()
    {
        var shipped = File.ReadAllText(Path.Combine(Repository.Dialplans, "dialplan.schema.json"));

        // On a difference: ./efficientai dialplan schema > dialplans/dialplan.schema.json
        Assert.Equal(DialplanSchema.Generate(), shipped);
    }

    [Fact]
    public void Schema_RequiresTheTarget_AndForbidsUnknownKeys()
    {
        var schema = JsonNode.Parse(DialplanSchema.Generate())!;

        Assert.Equal("target", schema["required"]![0]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.False(schema["properties"]!["assertions"]!["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Schema_CarriesTheLoadersRangesAndAllowedValues()
    {
        var schema = JsonNode.Parse(DialplanSchema.Generate())!;
        var repeat = schema["properties"]!["repeat"]!;
        var outcome = schema["properties"]!["assertions"]!["properties"]!["outcome"]!;

        Assert.Equal((1.0, 1000.0), (repeat["minimum"]!.GetValue<double>(), repeat["maximum"]!.GetValue<double>()));
        Assert.Equal(1, repeat["default"]!.GetValue<int>());
        Assert.Contains("busy", outcome["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void Schema_AcceptsATargetAsAStringOrAMapping()
    {
        var target = JsonNode.Parse(DialplanSchema.Generate())!["properties"]!["target"]!["oneOf"]!.AsArray();

        Assert.Equal(["string", "object"], target.Select(t => t!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Schema_MakesAStepExactlyOneAction()
    {
        var step = JsonNode.Parse(DialplanSchema.Generate())!["properties"]!["steps"]!["items"]!;

        Assert.Equal(1, step["minProperties"]!.GetValue<int>());
        Assert.Equal(1, step["maxProperties"]!.GetValue<int>());
    }
}
