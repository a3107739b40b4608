using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>A socket service the runtime's service host runs.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Protocol">The transport, <c>tcp</c>.</param>
/// <param name="Port">The default port; the host may override it.</param>
/// <param name="Limits">Connection limits.</param>
/// <param name="OnConnect">Steps run when a client connects.</param>
/// <param name="OnLine">Steps run for each received line (empty when the service reads nothing).</param>
public sealed record BoundService(
    string Name, string? Doc, SourceSpan Span, string Protocol, int Port, BoundServiceLimits Limits,
    EquatableArray<BoundStep> OnConnect, EquatableArray<BoundStep> OnLine);

/// <summary>Limits of a service; defaults apply where the spec says nothing.</summary>
/// <param name="MaxConnections">Open connections at once (default 100).</param>
/// <param name="IdleTimeoutMilliseconds">Close a connection idle this long (default 30 s).</param>
/// <param name="MaxLineLength">Longest accepted line in bytes (default 1024).</param>
public sealed record BoundServiceLimits(int MaxConnections, int IdleTimeoutMilliseconds, int MaxLineLength)
{
    /// <summary>The defaults.</summary>
    public static BoundServiceLimits Default { get; } = new(100, 30_000, 1024);
}

/// <summary>One step of a handler.</summary>
/// <param name="Kind">Which step.</param>
/// <param name="Text">The date format or text, or null.</param>
/// <param name="Line">True when CR LF follows the text.</param>
public sealed record BoundStep(StepKind Kind, string? Text, bool Line);
