using System;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Text;

namespace HvDsl.Generators;

/// <summary>HV9999: a failure inside the generator itself, reported as a diagnostic so the build fails readably instead of crashing.</summary>
internal static class InternalError
{
    /// <summary>The id reserved for internal failures.</summary>
    public const string Id = "HV9999";

    /// <summary>The message format of HV9999.</summary>
    public const string MessageFormat = "Internal error, please report: {0}";

    /// <summary>An HV9999 diagnostic at <paramref name="span"/>; an empty path means no location.</summary>
    public static Diagnostic At(SourceSpan span, string reason) =>
        new(Id, DiagnosticSeverity.Error, string.Format(MessageFormat, reason), span);

    /// <summary>An HV9999 diagnostic with no location, for failures that concern the whole set of specs.</summary>
    public static Diagnostic Unlocated(Exception exception) => At(new SourceSpan(string.Empty, 1, 1, 1, 1, 0, 0), Describe(exception));

    /// <summary>The exception's type and message in one line; a stack trace helps no spec author.</summary>
    public static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}
