namespace ScalingLab.Cli.Tests.Browser;

/// <summary>
/// One headless Chromium for a test class. Where none is installed the tests skip with one line,
/// unless CI asked for them (<see cref="Chromium.RequireVariable"/>), where they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private Chromium? browser;

    public async Task InitializeAsync()
    {
        if (Chromium.Find() is { } exe) browser = await Chromium.Start(exe);
    }

    public Chromium Browser()
    {
        if (browser is not null) return browser;
        if (Chromium.Required) Assert.Fail($"{Chromium.RequireVariable}=1 but no chromium on PATH (apt-get install chromium, or set CHROMIUM)");
        Skip.If(true, "Chromium is not installed (apt-get install chromium): the HTML reports are not checked in a browser");
        throw new InvalidOperationException("unreachable");
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
    }
}
