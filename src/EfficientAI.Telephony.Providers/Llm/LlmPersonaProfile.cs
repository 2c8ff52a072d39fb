namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>Who the simulated caller is, the situation it calls about and what it wants; from the dialplan.</summary>
public sealed record LlmPersonaProfile(string Persona, string Scenario, string Goal)
{
    public string Persona { get; } = !string.IsNullOrWhiteSpace(Persona) ? Persona.Trim()
        : throw new ArgumentException("The persona needs a description (for example \"Maria, 68, polite but hard of hearing\").", nameof(Persona));

    public string Scenario { get; } = !string.IsNullOrWhiteSpace(Scenario) ? Scenario.Trim()
        : throw new ArgumentException("The persona needs a scenario (for example \"returns a pair of shoes without a receipt\").", nameof(Scenario));

    public string Goal { get; } = !string.IsNullOrWhiteSpace(Goal) ? Goal.Trim()
        : throw new ArgumentException("The persona needs a goal (for example \"get a refund or store credit\").", nameof(Goal));

    /// <summary>The system prompt: the role, the persona, the scenario, the goal and how to use the tools.</summary>
    public string SystemPrompt() =>
        $"""
        You are role-playing the CALLER in a telephone call with a voice agent. You are the caller, never the agent.
        Persona: {Persona}
        Scenario: {Scenario}
        Goal: {Goal}
        Speak the way a person on the phone speaks: one to three short sentences per turn, plain words, no lists,
        no markdown, no emojis, no stage directions. Answer what the agent asked before adding anything.
        When the agent asks you to press a key or enter digits, call press_dtmf with the keys.
        When your goal has been achieved, call goal_reached, say a short goodbye, and call hang_up.
        When the call should end for any other reason, call hang_up.
        """;
}
