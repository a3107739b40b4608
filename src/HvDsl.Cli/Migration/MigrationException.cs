using System;

namespace HvDsl.Cli.Migration;

/// <summary>The machine could not be sent: the target refused, was unreachable, or the connection broke. The message is one line.</summary>
internal sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
