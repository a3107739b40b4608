namespace HvDsl.Runtime.Boot;

/// <summary>A file handed to a loader: the name its messages show and its bytes.</summary>
/// <param name="Name">The file's name as the user gave it.</param>
/// <param name="Bytes">Its content.</param>
public sealed record BootFile(string Name, byte[] Bytes);

/// <summary>A multiboot or PVH module and the string the kernel receives with it.</summary>
/// <param name="File">The module's content.</param>
/// <param name="CommandLine">The module's string (for <c>hvdsl run --module</c>, its path and arguments).</param>
public sealed record BootModule(BootFile File, string CommandLine);
