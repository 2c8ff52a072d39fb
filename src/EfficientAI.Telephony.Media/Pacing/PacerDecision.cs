namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>What <see cref="PacerGrid.Decide"/> says to do next.</summary>
/// <param name="RunNow">Run the tick now (its deadline has passed) rather than wait.</param>
/// <param name="TickIndex">The tick concerned.</param>
/// <param name="Deadline">Its deadline timestamp.</param>
/// <param name="Late">When running: whether it starts past the late threshold.</param>
/// <param name="WaitTimestampUnits">When waiting: how long until the deadline, in timestamp units.</param>
public readonly record struct PacerDecision(bool RunNow, long TickIndex, long Deadline, bool Late, long WaitTimestampUnits);
