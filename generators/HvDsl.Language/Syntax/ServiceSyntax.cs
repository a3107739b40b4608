using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>service Name { listen tcp 13; limit connections 100; on connect => send now "..." line, close; }</c>.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Members">Settings and handlers in source order.</param>
public sealed record ServiceSyntax(NameSyntax Name, string? Doc, ImmutableArray<ServiceMemberSyntax> Members)
    : DeclarationSyntax(Name, Doc), IPositionAware<ServiceSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "service";

    /// <inheritdoc />
    public ServiceSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>A member of a service body.</summary>
public abstract record ServiceMemberSyntax : SyntaxNode;

/// <summary><c>listen tcp 13;</c>: the protocol and default port (the host may override the port).</summary>
/// <param name="Protocol">tcp.</param>
/// <param name="Port">The default port.</param>
public sealed record ListenSyntax(NameSyntax Protocol, NumberSyntax Port) : ServiceMemberSyntax, IPositionAware<ListenSyntax>
{
    /// <inheritdoc />
    public ListenSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>limit connections 100;</c>, <c>limit idle 30 s;</c>, <c>limit line 512;</c>.</summary>
/// <param name="Kind">connections, idle or line.</param>
/// <param name="Value">The limit; for <c>idle</c> already in milliseconds.</param>
public sealed record LimitSyntax(NameSyntax Kind, NumberSyntax Value) : ServiceMemberSyntax, IPositionAware<LimitSyntax>
{
    /// <inheritdoc />
    public LimitSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>on connect => steps;</c> or <c>on line => steps;</c>.</summary>
/// <param name="Event">connect or line.</param>
/// <param name="Steps">The steps run in order.</param>
public sealed record HandlerSyntax(NameSyntax Event, ImmutableArray<StepSyntax> Steps) : ServiceMemberSyntax, IPositionAware<HandlerSyntax>
{
    /// <inheritdoc />
    public HandlerSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>The kinds of service step.</summary>
public enum StepKind
{
    /// <summary><c>send now "FORMAT" line</c>: the current UTC time formatted with a .NET date format, with CR LF when <c>line</c>.</summary>
    SendTime,

    /// <summary><c>send now rfc868</c>: 4 bytes, big-endian seconds since 1900-01-01 UTC.</summary>
    SendRfc868Time,

    /// <summary><c>send "text"</c> or <c>send "text" line</c>: fixed text, with CR LF when <c>line</c>.</summary>
    SendText,

    /// <summary><c>reply line</c>: send the received line back unchanged (only in <c>on line</c>).</summary>
    ReplyLine,

    /// <summary><c>close</c>: close the connection.</summary>
    Close,
}

/// <summary>One step of a handler.</summary>
/// <param name="Kind">Which step.</param>
/// <param name="Text">The format or text, or null.</param>
/// <param name="Line">True when the text ends with CR LF.</param>
public sealed record StepSyntax(StepKind Kind, StringSyntax? Text, bool Line) : SyntaxNode, IPositionAware<StepSyntax>
{
    /// <inheritdoc />
    public StepSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
