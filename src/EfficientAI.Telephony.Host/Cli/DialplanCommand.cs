using System.CommandLine;
using EfficientAI.Telephony.Evaluation.Dialplans;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>
/// `dialplan check FILE…`: every problem of every file with file:line:column, before any call is placed (exit 0 when
/// all are valid, 2 otherwise); `dialplan schema` prints the JSON Schema generated from the model.
/// </summary>
internal static class DialplanCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Dialplan YAML files", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check", "Validate dialplans without placing calls; exit 0 when all are valid, 2 otherwise") { files };
        check.SetAction(parse =>
        {
            var failed = 0;
            foreach (var file in parse.GetRequiredValue(files))
            {
                var result = DialplanLoader.CheckFile(file);
                if (result.IsValid)
                {
                    var plan = result.Plan!;
                    Console.Out.WriteLine($"{file}: ok ({plan.Name}: {plan.Target}, {plan.ScriptLines().Count} caller line(s), repeat {plan.Repeat})");
                }
                else
                {
                    failed++;
                    foreach (var error in result.Errors)
                    {
                        Console.Error.WriteLine(error);
                    }
                }
            }

            return failed == 0 ? 0 : 2;
        });

        var schema = new Command("schema", $"Print the dialplan JSON Schema (shipped as {Path.Combine("dialplans", "dialplan.schema.json")})");
        schema.SetAction(_ =>
        {
            Console.Out.Write(DialplanSchema.Generate());
            return 0;
        });

        return new Command("dialplan", "Work with dialplan files") { check, schema };
    }
}
