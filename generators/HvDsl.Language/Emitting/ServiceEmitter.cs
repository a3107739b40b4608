using HvDsl.Language.Binding;

namespace HvDsl.Language.Emitting;

/// <summary>Emits a service as an <c>IService</c> whose <c>RunAsync</c> runs the declared steps as the runtime's <c>ServiceScript</c>.</summary>
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

    // The steps go out as declared: the runtime's ServiceScript, which hvdsl serve also runs, gives them their meaning.
    private static void WriteRun(CodeWriter w, BoundService service)
    {
        w.Line($"private static readonly {Services}.ServiceScript Script = new {Services}.ServiceScript(");
        using (w.Indent(close: ");"))
        {
            Steps(w, "onConnect", service.OnConnect, ",");
            Steps(w, "onLine", service.OnLine, "");
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public global::System.Threading.Tasks.ValueTask RunAsync({Services}.ServiceConnection connection, global::System.Threading.CancellationToken cancellationToken) =>");
        w.Line("    Script.RunAsync(connection, cancellationToken);");
    }

    private static void Steps(CodeWriter w, string parameter, EquatableArray<BoundStep> steps, string separator)
    {
        if (steps.Count == 0)
        {
            w.Line($"{parameter}: global::System.Array.Empty<{Services}.ServiceStep>(){separator}");
            return;
        }
        w.Line($"{parameter}: new {Services}.ServiceStep[]");
        using (w.Indent("{", $"}}{separator}"))
        {
            foreach (var step in steps) w.Line($"{Step(step)},");
        }
    }

    private static string Step(BoundStep step)
    {
        var text = step.Text is null ? "null" : CSharpText.String(step.Text);
        return $"new {Services}.ServiceStep({Services}.ServiceStepKind.{step.Kind}, {text}, {(step.Line ? "true" : "false")})";
    }
}
