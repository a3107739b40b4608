using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    private BoundService BindService(ServiceSyntax service)
    {
        var owner = service.Name.Text;
        var seen = new HashSet<string>();
        ListenSyntax? listen = null;
        var limits = BoundServiceLimits.Default;
        var onConnect = EquatableArray<BoundStep>.Empty;
        var onLine = EquatableArray<BoundStep>.Empty;
        foreach (var member in service.Members)
        {
            switch (member)
            {
                case ListenSyntax l when FirstSetting(seen, "listen", l.Span, owner):
                    listen = l;
                    InRange(l.Port, "Port", 1, 65535);
                    break;
                case LimitSyntax limit when FirstSetting(seen, "limit " + limit.Kind.Text, limit.Span, owner)
                                            && InRange(limit.Value, $"Limit '{limit.Kind.Text}'", 1, int.MaxValue):
                    var value = (int)limit.Value.Value;
                    limits = limit.Kind.Text switch
                    {
                        "connections" => limits with { MaxConnections = value },
                        "idle" => limits with { IdleTimeoutMilliseconds = value },
                        _ => limits with { MaxLineLength = value },
                    };
                    break;
                case HandlerSyntax handler when FirstSetting(seen, "on " + handler.Event.Text, handler.Span, owner):
                    var steps = BindSteps(handler);
                    if (handler.Event.Text == "connect") onConnect = steps;
                    else onLine = steps;
                    break;
            }
        }
        if (listen is null) Missing(service, "listen");
        return new BoundService(owner, service.Doc, service.Span, listen?.Protocol.Text ?? "tcp", listen is { Port.Value: <= 65535 } ? (int)listen.Port.Value : 0,
            limits, onConnect, onLine);
    }

    // The generated service formats with exactly this call, so a format it accepts here cannot throw at connection time.
    private static string? DateFormatProblem(string format)
    {
        try
        {
            _ = SampleTime.ToString(format, CultureInfo.InvariantCulture);
            return null;
        }
        catch (FormatException exception)
        {
            return exception.Message;
        }
    }

    private static readonly DateTimeOffset SampleTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private EquatableArray<BoundStep> BindSteps(HandlerSyntax handler)
    {
        foreach (var step in handler.Steps.Where(s => s.Kind == StepKind.ReplyLine && handler.Event.Text != "line"))
            Report(DiagnosticDescriptors.StepNotAllowed, step.Span, "reply line", handler.Event.Text);
        foreach (var step in handler.Steps.Where(s => s.Kind == StepKind.SendTime))
        {
            if (DateFormatProblem(step.Text!.Value) is { } problem)
                Report(DiagnosticDescriptors.InvalidDateFormat, step.Text.Span, step.Text.Value, problem);
        }
        return handler.Steps.Select(s => new BoundStep(s.Kind, s.Text?.Value, s.Line)).ToEquatableArray();
    }
}
