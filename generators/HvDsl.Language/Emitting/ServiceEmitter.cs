using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>Emits a service as an <c>IService</c> whose <c>RunAsync</c> runs the declared steps with the runtime's reply building blocks.</summary>
internal static class ServiceEmitter
{
    private const string Services = "global::HvDsl.Runtime.Services";

    public static GeneratedSource Emit(EmitOptions options, BoundService service) =>
        CSharp.File($"{service.Name}.Service.g.cs", options, w =>
        {
            w.Summary(CSharp.Doc(service.Doc, $"The {service.Name} service."));
            w.Line(CSharp.SpecLine(service.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {TypeNames.Service(service.Name)} : {Services}.IService"))
            {
                w.Line("/// <inheritdoc />");
                w.Line($"public string Name => {CSharpText.String(service.Name)};").Line();
                w.Line("/// <inheritdoc />");
                w.Line($"public {Services}.ServiceEndpoint DefaultEndpoint => {Services}.ServiceEndpoint.Tcp({CSharp.Int(service.Port)});").Line();
                w.Line("/// <inheritdoc />");
                w.Line($"public {Services}.ServiceLimits Limits {{ get; }} = new {Services}.ServiceLimits");
                using (w.Indent("{", "};"))
                {
                    w.Line($"MaxConcurrentConnections = {CSharp.Int(service.Limits.MaxConnections)},");
                    w.Line($"IdleTimeout = global::System.TimeSpan.FromMilliseconds({CSharp.Int(service.Limits.IdleTimeoutMilliseconds)}),");
                    w.Line($"MaxLineLength = {CSharp.Int(service.Limits.MaxLineLength)},");
                }
                w.Line();
                WriteRun(w, service);
            }
        });

    private static void WriteRun(CodeWriter w, BoundService service)
    {
        var connect = service.OnConnect.TakeWhile(s => s.Kind != StepKind.Close).ToList();
        var closes = connect.Count < service.OnConnect.Count;
        var onLine = closes ? new List<BoundStep>() : service.OnLine.ToList();
        var header = $"ValueTask RunAsync({Services}.ServiceConnection connection, global::System.Threading.CancellationToken cancellationToken)";
        w.Line("/// <inheritdoc />");
        if (connect.Count == 0 && onLine.Count == 0)
        {
            w.Line($"public global::System.Threading.Tasks.{header} => default;");
            return;
        }
        using (w.Block($"public async global::System.Threading.Tasks.{header}"))
        {
            if (connect.Count > 0) w.Line("// on connect");
            foreach (var step in connect) w.Line(Step(step));
            if (closes)
            {
                w.Line("// close: returning lets the host flush and close the connection.");
                return;
            }
            if (onLine.Count == 0) return;
            w.Line("// on line");
            if (onLine.Count == 1 && onLine[0].Kind == StepKind.ReplyLine)
            {
                w.Line("// reply line alone is echo: lines go back byte for byte, line ends included.");
                w.Line(Await(Reply("EchoLinesAsync", "")));
                return;
            }
            using (w.Block("while (await connection.ReadLineAsync().ConfigureAwait(false) is { } line)"))
            {
                foreach (var step in onLine.TakeWhile(s => s.Kind != StepKind.Close)) w.Line(Step(step));
                if (onLine.Any(s => s.Kind == StepKind.Close)) w.Line("return;");
            }
        }
    }

    private static string Step(BoundStep step) => step.Kind switch
    {
        StepKind.SendTime when step.Line => Await(Reply("SendTimeLineAsync", $", {CSharpText.String(step.Text!)}, utc: true")),
        StepKind.SendTime => Await($"connection.SendAsync({Ascii($"connection.Clock.GetUtcNow().ToString({CSharpText.String(step.Text!)}, global::System.Globalization.CultureInfo.InvariantCulture)")})"),
        StepKind.SendRfc868Time => Await(Reply("SendNetworkTimeAsync", "")),
        StepKind.SendText when step.Line => Await($"connection.SendLineAsync({CSharpText.String(step.Text!)})"),
        StepKind.SendText => Await($"connection.SendAsync({Ascii(CSharpText.String(step.Text!))})"),
        _ => Await("connection.SendLineAsync(line)"),
    };

    // The reply helpers are extension methods; called statically so the file needs no using directive.
    private static string Reply(string method, string arguments) => $"{Services}.ServiceReplies.{method}(connection{arguments})";

    private static string Ascii(string text) => $"global::System.Text.Encoding.ASCII.GetBytes({text})";

    private static string Await(string call) => $"await {call}.ConfigureAwait(false);";
}
