namespace HvDsl.Language.Diagnostics;

/// <summary>One entry of the diagnostics catalog: a stable id, a severity and a message format.</summary>
/// <param name="Id">Stable id such as <c>HV0007</c>; never reused for another meaning.</param>
/// <param name="Title">Short name of the problem, used in documentation.</param>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="MessageFormat">A <see cref="string.Format(string, object[])"/> format saying what is wrong and what to do.</param>
public sealed record DiagnosticDescriptor(string Id, string Title, DiagnosticSeverity Severity, string MessageFormat);
