// The address bar is the page's state: every screen has a URL that can be bookmarked, reloaded
// and opened in another tab. The server answers every non-API path with index.html.

class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  private sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  go(to: string, replace = false): void {
    if (to === location.pathname + location.search) return;
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
    scrollTo(0, 0);
  }

  param(name: string): string {
    return new URLSearchParams(this.search).get(name) ?? '';
  }
}

export const router = new Router();

// Follows same-origin links without reloading the page (use as onclick on <a href>).
export function follow(event: MouseEvent): void {
  const a = (event.currentTarget as HTMLElement).closest('a');
  if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  if (a.origin !== location.origin) return;
  event.preventDefault();
  router.go(a.pathname + a.search);
}
