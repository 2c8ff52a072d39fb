using EfficientAI.Telephony.Storage.Migrations;

namespace EfficientAI.Telephony.Storage.Tests.Migrations;

public sealed class MigrationScriptTests
{
    [Fact]
    public void Embedded_StartsWithTheInitialSchema_AndIsNumberedWithoutGaps()
    {
        var scripts = MigrationScript.Embedded;

        Assert.Equal(new MigrationScript(1, "initial", scripts[0].Sql), scripts[0]);
        Assert.Contains("CREATE TABLE calls", scripts[0].Sql, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, scripts.Count), scripts.Select(script => script.Version));
    }

    [Theory]
    [InlineData("0001_initial.sql", 1, "initial")]
    [InlineData("0012_call_runs_index.sql", 12, "call_runs_index")]
    public void FromFileName_ReadsVersionAndName(string fileName, int version, string name)
    {
        var script = MigrationScript.FromFileName(fileName, "SELECT 1");

        Assert.Equal(version, script.Version);
        Assert.Equal(name, script.Name);
    }

    [Theory]
    [InlineData("1_initial.sql")]
    [InlineData("0001-initial.sql")]
    [InlineData("0001_Initial.sql")]
    [InlineData("0001_initial.txt")]
    public void FromFileName_RejectsNamesOutsideTheConvention(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MigrationScript.FromFileName(fileName, "SELECT 1"));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InOrder_SortsByVersion_AndRejectsTwoScriptsWithOneVersion()
    {
        var ordered = MigrationScript.InOrder([new(2, "b", ""), new(1, "a", "")]);
        Assert.Equal([1, 2], ordered.Select(script => script.Version));

        var error = Assert.Throws<InvalidOperationException>(() => MigrationScript.InOrder([new(3, "x", ""), new(3, "y", "")]));
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }
}
