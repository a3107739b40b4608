namespace HvDsl.Runtime.Services;

/// <summary>
/// What one step of a <see cref="ServiceScript"/> does. The names are those of the <c>.hvspec</c> step kinds, so a
/// generated service and <c>hvdsl serve</c> turn a declared step into the same value.
/// </summary>
public enum ServiceStepKind
{
    /// <summary>Sends the connection clock's UTC time formatted with the step's .NET date format, with CR LF when the step is a line.</summary>
    SendTime,

    /// <summary>Sends the connection clock's time as the 4-byte RFC 868 field.</summary>
    SendRfc868Time,

    /// <summary>Sends the step's text as ASCII, with CR LF when the step is a line.</summary>
    SendText,

    /// <summary>Sends the received line back (only in the line handler).</summary>
    ReplyLine,

    /// <summary>Ends the connection: the steps after it do not run.</summary>
    Close,
}
