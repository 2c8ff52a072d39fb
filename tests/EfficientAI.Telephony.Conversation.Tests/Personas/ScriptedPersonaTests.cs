using EfficientAI.Telephony.Conversation.Personas;

namespace EfficientAI.Telephony.Conversation.Tests.Personas;

public sealed class ScriptedPersonaTests
{
    [Fact]
    public async Task NextAsync_SaysTheLinesInOrder_ThenHangsUp()
    {
        var persona = new ScriptedPersona(["I'd like to book a table.", "For two, at eight.", "Thanks, bye."]);
        var said = new List<PersonaReply>();

        for (int turn = 0; turn < 4; turn++)
        {
            said.Add(await persona.NextAsync(new PersonaContext(turn, []), CancellationToken.None));
        }

        Assert.Equal(["I'd like to book a table.", "For two, at eight.", "Thanks, bye.", null], said.Select(r => r.Text));
        Assert.Equal([false, false, false, true], said.Select(r => r.HangUp));
    }

    [Fact]
    public void Constructor_RejectsAnEmptyLine_NamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScriptedPersona(["Hello.", " "]));
        Assert.Contains("Line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextAsync_HonoursCancellation()
    {
        var persona = new ScriptedPersona(["Hello."]);

        await Assert.ThrowsAsync<OperationCanceledException>(
            async () => await persona.NextAsync(new PersonaContext(0, []), new CancellationToken(canceled: true)));
    }
}
