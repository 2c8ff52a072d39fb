using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Evaluation.Dialplans;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// A dialplan's steps as the caller's moves: each say, interrupt, press or silenceSeconds step is one move (one
/// answer to an agent turn); waitSeconds delays the next move; hangup ends the call after the moves before it;
/// expect steps are checked afterwards against what the agent said and move nothing.
/// </summary>
internal static class CallerPlan
{
    public static CallerConversationOptions Options(Dialplan plan, int sampleRate)
    {
        var bargeIn = new Dictionary<int, TimeSpan>();
        var dtmf = new Dictionary<int, string>();
        var silences = new Dictionary<int, TimeSpan>();
        var pauses = new Dictionary<int, TimeSpan>();
        int? maxTurns = null;
        var move = 0;
        var pause = TimeSpan.Zero;
        foreach (var step in plan.Steps)
        {
            if (step.WaitSeconds is { } wait)
            {
                pause += TimeSpan.FromSeconds(wait);
                continue;
            }

            if (step.Hangup == true)
            {
                maxTurns = move;
                break;
            }

            if (step.Expect is not null || step.Hangup is not null)
            {
                continue;
            }

            if (step.Press is { } keys)
            {
                dtmf[move] = keys;
            }
            else if (step.SilenceSeconds is { } silence)
            {
                silences[move] = TimeSpan.FromSeconds(Math.Max(silence, 0.02));
            }
            else if (step.Interrupt is { } interrupt)
            {
                bargeIn[move] = TimeSpan.FromMilliseconds(interrupt.AfterMs);
            }

            if (pause > TimeSpan.Zero)
            {
                pauses[move] = pause;
                pause = TimeSpan.Zero;
            }

            move++;
        }

        return new CallerConversationOptions
        {
            SampleRate = sampleRate,
            MaxAgentSilence = TimeSpan.FromSeconds(plan.Limits.MaxSilenceSeconds),
            MaxCallDuration = TimeSpan.FromSeconds(plan.Limits.MaxDurationSeconds),
            BargeIn = bargeIn,
            Dtmf = dtmf,
            Silences = silences,
            Pauses = pauses,
            MaxTurns = maxTurns,
            NudgeAfter = plan.Persona.NudgeAfterSeconds is { } nudge ? TimeSpan.FromSeconds(nudge) : null,
            NudgeLine = plan.Persona.NudgeLine,
        };
    }
}
