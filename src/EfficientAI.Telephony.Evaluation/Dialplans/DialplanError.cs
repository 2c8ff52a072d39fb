namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>One reason a dialplan cannot be used, at the place in the file that causes it (1-based line and column).</summary>
public sealed record DialplanError(string Source, int Line, int Column, string Path, string Message)
{
    /// <summary>The compiler-style form editors and CI logs turn into links: file:line:column: reason.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}: {Message}";
}

/// <summary>A dialplan that cannot be used; <see cref="Errors"/> holds every problem found, not only the first.</summary>
public sealed class DialplanException(IReadOnlyList<DialplanError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<DialplanError> Errors { get; } = errors;
}

/// <summary>The outcome of reading a dialplan: the plan when it is valid, else the errors.</summary>
public sealed record DialplanLoadResult(Dialplan? Plan, IReadOnlyList<DialplanError> Errors)
{
    public bool IsValid => Plan is not null && Errors.Count == 0;
}
