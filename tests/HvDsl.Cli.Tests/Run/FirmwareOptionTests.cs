using System;
using System.IO;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --firmware bios|none</c>: a real-mode program starts from what a PC BIOS leaves, or bare.</summary>
public sealed class FirmwareOptionTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-bios-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary>A real-mode image at 0x1000 that prints the BIOS data area's COM1 port as two bytes on port 0xE9.</summary>
    private string Com1Printer() => GuestCode.Write(scratch, 16, a =>
    {
        a.mov(dx, 0xE9);
        a.mov(al, __byte_ptr[0x400]);
        a.@out(dx, al);
        a.mov(al, __byte_ptr[0x401]);
        a.@out(dx, al);
        a.hlt();
    });

    [Fact]
    public void Bios_gives_a_flat_real_mode_image_the_data_area_and_none_leaves_it_zero()
    {
        var image = Com1Printer();

        var bios = Cli.Run("run", "--image", image, "--mode", "real", "--firmware", "bios");
        var bare = Cli.Run("run", "--image", image, "--mode", "real");

        Assert.Equal("\xF8\x03", bios.Out);
        Assert.Equal("\0\0", bare.Out);
    }

    [Fact]
    public void An_unknown_firmware_exits_64_with_one_line()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Com1Printer(), "--mode", "real", "--firmware", "uefi");

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --firmware must be bios or none, not 'uefi'", errors.TrimEnd());
    }

    [Fact]
    public void An_image_over_the_vector_table_is_refused_with_bios()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Com1Printer(), "--mode", "real", "--load", "0x200", "--firmware", "bios");

        Assert.Equal(64, exit);
        Assert.StartsWith("hvdsl run: image ", errors);
        Assert.Contains(" at 0x200-0x", errors);
        Assert.EndsWith(" overlaps the vector table and BIOS data area (0x0-0x4FF), which --firmware bios fills", errors.TrimEnd());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void A_bios_run_saved_between_timer_ticks_resumes_to_the_same_tick_count(int saveAt)
    {
        // Three HLTs, each ended by the BIOS timer's IRQ 0, then the tick count at 0x46C printed as a byte on port 0xE9.
        var image = GuestCode.Write(scratch, 16, a =>
        {
            a.sti();
            a.hlt();
            a.hlt();
            a.hlt();
            a.cli();
            a.mov(dx, 0xE9);
            a.mov(al, __byte_ptr[0x46C]);
            a.@out(dx, al);
            a.hlt();
        });
        var file = Path.Combine(scratch, "bios.snap");

        var whole = Cli.Run("run", "--image", image, "--mode", "real", "--firmware", "bios");
        var saved = Cli.Run("run", "--image", image, "--mode", "real", "--firmware", "bios", "--save-at", saveAt.ToString(), "--snapshot", file);
        var resumed = Cli.Run("resume", file);

        Assert.Equal("\x03", whole.Out);
        Assert.Equal(0, saved.Exit);
        Assert.Equal(whole.Out, saved.Out + resumed.Out);
        Assert.Equal(whole.Exit, resumed.Exit);
    }
}
