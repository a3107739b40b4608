namespace HvDsl.Runtime.Services;

/// <summary>One declared step of a service handler, as the spec says it: <c>send now "FORMAT" line</c>, <c>reply line</c>, <c>close</c>.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Text">The date format or the text for <see cref="ServiceStepKind.SendTime"/> and <see cref="ServiceStepKind.SendText"/>; null otherwise.</param>
/// <param name="Line">Whether CR LF follows the text.</param>
public readonly record struct ServiceStep(ServiceStepKind Kind, string? Text = null, bool Line = false);
