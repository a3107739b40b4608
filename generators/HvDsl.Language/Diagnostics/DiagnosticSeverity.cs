namespace HvDsl.Language.Diagnostics;

/// <summary>How serious a diagnostic is; an error keeps its file out of the bound model.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing, but the spec is still bound.</summary>
    Warning,

    /// <summary>The spec is wrong; nothing from its file is bound.</summary>
    Error,
}
