using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>Productions of <c>service</c>: listening, limits and connection handlers.</summary>
internal static class ServiceGrammar
{
    private static readonly Parser<bool> LineSuffix = Keyword("line").XOptional().Select(l => l.IsDefined);

    /// <summary><c>send now "fmt" line</c>, <c>send now rfc868</c>, <c>send "text" line</c>, <c>reply line</c> or <c>close</c>.</summary>
    public static readonly Parser<StepSyntax> Step = Node(
        (from send in Keyword("send")
         from step in
             (from now in Keyword("now")
              from step in
                  (from format in String from line in LineSuffix select new StepSyntax(StepKind.SendTime, format, line))
                  .XOr(Keyword("rfc868").Select(_ => new StepSyntax(StepKind.SendRfc868Time, null, false)))
              select step)
             .XOr(from text in String from line in LineSuffix select new StepSyntax(StepKind.SendText, text, line))
         select step)
        .XOr(Keyword("reply").Then(_ => Keyword("line")).Select(_ => new StepSyntax(StepKind.ReplyLine, null, false)))
        .XOr(Keyword("close").Select(_ => new StepSyntax(StepKind.Close, null, false)))
        .Named("a step (send, reply line, close)"));

    private static readonly Parser<ServiceMemberSyntax> Listen = Node(
        from keyword in Keyword("listen")
        from protocol in OneOf("tcp")
        from port in Number
        from end in Semicolon
        select new ListenSyntax(protocol, port)).Select(m => (ServiceMemberSyntax)m);

    private static readonly Parser<ServiceMemberSyntax> Limit = Node(
        from keyword in Keyword("limit")
        from limit in
            (from kind in OneOf("connections", "line") from value in Number select new LimitSyntax(kind, value))
            .XOr(from kind in OneOf("idle") from value in Duration select new LimitSyntax(kind, value))
        from end in Semicolon
        select limit).Select(m => (ServiceMemberSyntax)m);

    private static readonly Parser<ServiceMemberSyntax> Handler = Node(
        from keyword in Keyword("on")
        from trigger in OneOf("connect", "line")
        from arrow in FatArrow
        from steps in Step.XDelimitedBy(Comma)
        from end in Semicolon
        select new HandlerSyntax(trigger, steps.ToImmutableArray())).Select(m => (ServiceMemberSyntax)m);

    /// <summary><c>service Name { listen ...; limit ...; on connect => ...; }</c>.</summary>
    public static Parser<ServiceSyntax> Service(string? doc) =>
        Block("service", Listen.XOr(Limit).XOr(Handler), "'listen', 'limit', 'on'", (name, members) => new ServiceSyntax(name, doc, members));
}
