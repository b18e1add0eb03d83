// The slide runtime of the book's decks (copied to target/site/slides/ by `cargo xtask build`).
// Plain JavaScript, no framework, no network: everything a lecturer needs works from the built site.
// Loaded as a classic script in <head>: it sets the theme before the first paint, then starts on DOMContentLoaded.
// Keys: see HELP below. URL: #/N is slide N (1-based); ?speaker is the speaker view; ?print-notes prints the notes.
(function () {
    "use strict";

    const SLIDE_WIDTH = 1280;
    const SLIDE_HEIGHT = 720;
    const DARK_THEMES = ["coal", "navy", "ayu"];
    const html = document.documentElement;
    const params = new URLSearchParams(location.search);
    const isSpeaker = params.has("speaker");

    // ---- theme: the reader's mdBook choice (localStorage "mdbook-theme"), else the system's preference
    let themeOverride = null;
    function storedTheme() {
        try {
            const theme = localStorage.getItem("mdbook-theme");
            return theme ? theme.replace(/^"|"$/g, "") : null;
        } catch (error) {
            return null;
        }
    }
    function wantsDark() {
        if (themeOverride !== null) return themeOverride;
        const theme = storedTheme();
        if (theme) return DARK_THEMES.includes(theme);
        return window.matchMedia("(prefers-color-scheme: dark)").matches;
    }
    function applyTheme() {
        const dark = wantsDark();
        html.classList.toggle("dark", dark);
        html.classList.toggle("light", !dark);
    }
    applyTheme();
    window.addEventListener("storage", (event) => {
        if (event.key === "mdbook-theme") applyTheme();
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
    html.classList.add("js");
    if (isSpeaker) html.classList.add("speaker");
    if (params.has("print-notes")) {
        html.classList.add("print-notes");
        const style = document.createElement("style");
        style.textContent = "@page { size: A4 portrait; margin: 12mm; }";
        document.head.appendChild(style);
    }

    const HELP = [
        ["→ ↓ Space PageDown N", "next slide"],
        ["← ↑ Shift+Space PageUp P", "previous slide"],
        ["Home / End", "first / last slide"],
        ["G", "go to a slide by number"],
        ["O", "overview of all slides (arrows and Enter to pick one)"],
        ["S", "speaker view in a second window: notes, next slide, timer, clock"],
        ["F", "fullscreen"],
        ["B or .", "blackout"],
        ["T", "switch between light and dark"],
        ["?", "this help"],
        ["Esc", "close what is open"],
    ];

    document.addEventListener("DOMContentLoaded", start);

    function start() {
        const deck = document.getElementById("deck");
        if (!deck) return;
        const slides = Array.from(deck.querySelectorAll(":scope > section.slide"));
        if (slides.length === 0) return;
        const last = slides.length - 1;
        let index = -1;
        let overview = false;
        let selection = 0;
        let remoteIndex = null;
        let speakerWindow = null;
        const instance = Math.random().toString(36).slice(2);

        slides.forEach((slide, position) => {
            slide.setAttribute("aria-label", (position + 1) + " of " + slides.length);
            slide.addEventListener("click", () => {
                if (overview) {
                    toggleOverview(false);
                    go(position);
                }
            });
        });

        // ---- the controls, overlays and (in the speaker window) the speaker panel
        const ui = element("div", "deck-ui");
        const progress = element("div", "deck-progress");
        progress.setAttribute("aria-hidden", "true");
        const progressBar = progress.appendChild(element("span"));
        const controls = element("nav", "deck-controls");
        controls.setAttribute("aria-label", "Slide controls");
        const counter = element("output", "deck-counter");
        counter.setAttribute("aria-live", "polite");
        controls.append(
            button("‹", "Previous slide (←)", () => go(index - 1)),
            counter,
            button("›", "Next slide (→)", () => go(index + 1)),
            button("Overview", "Overview (O)", () => toggleOverview()),
            button("Speaker", "Speaker view (S)", openSpeaker, "deck-speaker-button"),
            button("Fullscreen", "Fullscreen (F)", toggleFullscreen),
            button("?", "Keyboard help (?)", () => toggleDialog(help)),
            link("Chapter", deck.dataset.chapter, "Read the chapter"),
            link("Decks", deck.dataset.index, "All decks"),
        );
        const blackout = element("div", "deck-blackout");
        blackout.hidden = true;
        blackout.addEventListener("click", () => (blackout.hidden = true));

        const help = element("div", "deck-dialog deck-help");
        help.setAttribute("role", "dialog");
        help.setAttribute("aria-label", "Keyboard help");
        help.hidden = true;
        const helpTitle = help.appendChild(element("h2"));
        helpTitle.textContent = "Keys";
        const helpTable = help.appendChild(element("table"));
        for (const [keys, what] of HELP) {
            const row = helpTable.appendChild(element("tr"));
            row.appendChild(element("th")).textContent = keys;
            row.appendChild(element("td")).textContent = what;
        }
        const helpNote = help.appendChild(element("p"));
        helpNote.textContent = "Swipe left or right on a touch screen. Print the page for a PDF with one slide per page; add ?print-notes to the address to print the speaker notes.";
        help.appendChild(button("Close", "Close the help", () => toggleDialog(help, false)));

        const gotoForm = element("form", "deck-dialog deck-goto");
        gotoForm.setAttribute("role", "dialog");
        gotoForm.setAttribute("aria-label", "Go to slide");
        gotoForm.hidden = true;
        const gotoLabel = gotoForm.appendChild(element("label"));
        gotoLabel.append("Go to slide (1–" + slides.length + ") ");
        const gotoInput = gotoLabel.appendChild(element("input"));
        gotoInput.type = "number";
        gotoInput.min = "1";
        gotoInput.max = String(slides.length);
        gotoForm.addEventListener("submit", (event) => {
            event.preventDefault();
            const number = parseInt(gotoInput.value, 10);
            toggleDialog(gotoForm, false);
            if (number >= 1 && number <= slides.length) go(number - 1);
        });

        ui.append(progress, controls, blackout, help, gotoForm);
        document.body.appendChild(ui);

        let speaker = null;
        if (isSpeaker) speaker = buildSpeakerPanel();

        // ---- lab widgets: the same loader as the book's theme/head.hbs, with URLs relative to the deck
        loadLabs();

        // ---- navigation and the URL (#/N)
        function fromHash() {
            const match = /^#\/(\d+)$/.exec(location.hash);
            if (!match) return null;
            return Math.min(Math.max(parseInt(match[1], 10) - 1, 0), last);
        }
        function go(target) {
            target = Math.min(Math.max(target, 0), last);
            if (target === index) return;
            location.hash = "#/" + (target + 1);
        }
        function show(target) {
            const previous = index;
            index = target;
            slides.forEach((slide, position) => {
                slide.classList.toggle("current", position === index);
                slide.classList.toggle("upcoming", isSpeaker && position === index + 1);
            });
            counter.textContent = index + 1 + " / " + slides.length;
            progressBar.style.width = ((index + 1) / slides.length) * 100 + "%";
            const title = slides[index].dataset.title || "";
            document.title = title + " · slides";
            selection = index;
            layout();
            fit(slides[index]);
            if (isSpeaker && index < last) fit(slides[index + 1]);
            if (speaker) speaker.update();
            if (previous !== index) {
                if (remoteIndex === index) {
                    remoteIndex = null;
                } else {
                    send({ type: "slide", index: index });
                }
            }
        }
        window.addEventListener("hashchange", () => {
            const target = fromHash();
            if (target !== null) show(target);
        });

        // ---- layout: every slide is 1280x720, scaled into its frame (window, speaker pane or overview cell)
        function place(slide, x, y, width, height) {
            const scale = Math.min(width / SLIDE_WIDTH, height / SLIDE_HEIGHT);
            const left = x + (width - SLIDE_WIDTH * scale) / 2;
            const top = y + (height - SLIDE_HEIGHT * scale) / 2;
            slide.style.transform = "translate(" + left + "px, " + top + "px) scale(" + scale + ")";
        }
        function layout() {
            if (overview) {
                const gap = 16;
                const columns = Math.max(2, Math.floor(window.innerWidth / 300));
                const width = (window.innerWidth - gap * (columns + 1)) / columns;
                const height = (width * SLIDE_HEIGHT) / SLIDE_WIDTH;
                slides.forEach((slide, position) => {
                    const column = position % columns;
                    const row = Math.floor(position / columns);
                    place(slide, gap + column * (width + gap), gap + row * (height + gap), width, height);
                    slide.classList.toggle("selected", position === selection);
                });
                deck.style.height = gap + Math.ceil(slides.length / columns) * (height + gap) + "px";
                deck.dataset.columns = String(columns);
                return;
            }
            deck.style.height = "";
            if (speaker) {
                speaker.layout();
                return;
            }
            place(slides[index], 0, 0, window.innerWidth, window.innerHeight);
        }
        window.addEventListener("resize", layout);

        // a slide whose content is taller than the slide shrinks its text, down to 55 %
        function fit(slide) {
            const body = slide.querySelector(".slide-body");
            if (!body) return;
            body.style.fontSize = "";
            let size = 100;
            while (body.scrollHeight > body.clientHeight + 2 && size > 55) {
                size -= 5;
                body.style.fontSize = size + "%";
            }
        }
        window.addEventListener("beforeprint", () => {
            html.classList.add("fitting");
            slides.forEach(fit);
            html.classList.remove("fitting");
        });

        // ---- overview
        function toggleOverview(open) {
            overview = open === undefined ? !overview : open;
            deck.classList.toggle("overview", overview);
            html.classList.toggle("in-overview", overview);
            slides.forEach((slide) => slide.classList.remove("selected"));
            selection = index;
            layout();
            if (overview) window.scrollTo(0, 0);
            else window.scrollTo(0, 0);
        }
        function moveSelection(step) {
            selection = Math.min(Math.max(selection + step, 0), last);
            layout();
            slides[selection].scrollIntoView({ block: "nearest" });
        }

        // ---- dialogs, blackout, fullscreen, theme
        function toggleDialog(dialog, open) {
            const opening = open === undefined ? dialog.hidden : open;
            dialog.hidden = !opening;
            if (opening) {
                const field = dialog.querySelector("input") || dialog.querySelector("button");
                if (field) field.focus();
                if (dialog === gotoForm) gotoInput.value = "";
            } else if (document.activeElement && dialog.contains(document.activeElement)) {
                document.activeElement.blur();
            }
        }
        function toggleFullscreen() {
            if (document.fullscreenElement) {
                document.exitFullscreen().catch(() => {});
            } else if (html.requestFullscreen) {
                html.requestFullscreen().catch(() => {});
            }
        }
        function closeAll() {
            const open = [help, gotoForm].filter((dialog) => !dialog.hidden);
            open.forEach((dialog) => toggleDialog(dialog, false));
            if (open.length) return;
            if (!blackout.hidden) blackout.hidden = true;
            else if (overview) toggleOverview(false);
        }

        // ---- speaker view: the same deck with ?speaker, kept in sync both ways
        function openSpeaker() {
            if (isSpeaker) return;
            const url = location.pathname + "?speaker" + "#/" + (index + 1);
            speakerWindow = window.open(url, "speaker-view:" + location.pathname, "popup,width=1280,height=800");
            if (speakerWindow) speakerWindow.focus();
        }
        const channelName = "iot-book-slides:" + location.pathname;
        let channel = null;
        try {
            channel = new BroadcastChannel(channelName);
            channel.onmessage = (event) => receive(event.data);
        } catch (error) {
            channel = null;
        }
        window.addEventListener("message", (event) => {
            const peer = isSpeaker ? window.opener : speakerWindow;
            if (peer && event.source === peer && event.data && event.data.channel === channelName) receive(event.data);
        });
        function send(message) {
            message.sender = instance;
            message.channel = channelName;
            if (channel) channel.postMessage(message);
            const peer = isSpeaker ? window.opener : speakerWindow;
            try {
                if (peer && !peer.closed) peer.postMessage(message, location.origin === "null" ? "*" : location.origin);
            } catch (error) {
                // the other window is gone or elsewhere
            }
        }
        function receive(message) {
            if (!message || message.sender === instance) return;
            if (message.type === "slide" && typeof message.index === "number" && message.index !== index) {
                remoteIndex = message.index;
                go(message.index);
            } else if (message.type === "hello") {
                send({ type: "slide", index: index });
            }
        }
        if (isSpeaker) send({ type: "hello" });

        function buildSpeakerPanel() {
            const panel = element("div", "speaker-panel");
            const current = panel.appendChild(element("div", "speaker-current"));
            current.setAttribute("aria-label", "Current slide");
            const next = panel.appendChild(element("div", "speaker-next"));
            next.appendChild(element("p", "speaker-label")).textContent = "Next";
            const nextFrame = next.appendChild(element("div", "speaker-next-frame"));
            const notes = panel.appendChild(element("section", "speaker-notes"));
            notes.setAttribute("aria-label", "Speaker notes");
            notes.appendChild(element("p", "speaker-label")).textContent = "Notes";
            const notesBody = notes.appendChild(element("div", "speaker-notes-body"));
            const bar = panel.appendChild(element("div", "speaker-bar"));
            const timer = bar.appendChild(element("span", "speaker-timer"));
            timer.setAttribute("role", "timer");
            timer.setAttribute("title", "Elapsed since the speaker view opened");
            let started = Date.now();
            let pausedAt = null;
            const pause = button("Pause", "Pause or resume the timer", () => {
                if (pausedAt === null) {
                    pausedAt = Date.now();
                    pause.textContent = "Resume";
                } else {
                    started += Date.now() - pausedAt;
                    pausedAt = null;
                    pause.textContent = "Pause";
                }
                tick();
            });
            const reset = button("Reset", "Restart the timer", () => {
                started = Date.now();
                if (pausedAt !== null) pausedAt = started;
                tick();
            });
            bar.append(pause, reset);
            const clock = bar.appendChild(element("span", "speaker-clock"));
            clock.setAttribute("title", "Time of day");
            const position = bar.appendChild(element("span", "speaker-position"));
            const endLabel = element("p", "speaker-end");
            endLabel.textContent = "End of the deck";
            nextFrame.appendChild(endLabel);
            const two = (number) => String(number).padStart(2, "0");
            function tick() {
                const elapsed = Math.floor(((pausedAt === null ? Date.now() : pausedAt) - started) / 1000);
                timer.textContent = two(Math.floor(elapsed / 3600)) + ":" + two(Math.floor(elapsed / 60) % 60) + ":" + two(elapsed % 60);
                const now = new Date();
                clock.textContent = two(now.getHours()) + ":" + two(now.getMinutes());
            }
            tick();
            setInterval(tick, 1000);
            document.body.appendChild(panel);
            function frame(element) {
                const rect = element.getBoundingClientRect();
                return [rect.left + window.scrollX, rect.top + window.scrollY, rect.width, rect.height];
            }
            return {
                update() {
                    const source = slides[index].querySelector(".notes");
                    notesBody.innerHTML = source ? source.innerHTML : "<p class=\"speaker-empty\">No notes for this slide.</p>";
                    position.textContent = "Slide " + (index + 1) + " of " + slides.length;
                    endLabel.hidden = index < last;
                },
                layout() {
                    place(slides[index], ...frame(current));
                    if (index < last) place(slides[index + 1], ...frame(nextFrame));
                },
            };
        }

        // ---- keyboard, touch
        document.addEventListener("keydown", (event) => {
            if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
            const key = event.key;
            const target = event.target instanceof Element ? event.target : null;
            const typing = target && target.closest("input, textarea, select, [contenteditable]");
            // keys pressed in a lab or quiz are the lab's (arrows on a button, a matrix cell, a <summary>)
            const inLab = target && target.closest(".lab-mount");
            const pressingButton = target && target.closest("button, a, summary");
            if (key === "Escape") {
                closeAll();
                event.preventDefault();
                return;
            }
            // a presenter's remote sends PageDown / PageUp: those still move the deck
            if ((typing || inLab) && key !== "PageDown" && key !== "PageUp") return;
            if (pressingButton && (key === " " || key === "Enter")) return;
            if (!help.hidden && key !== "?") return;
            if (overview) {
                const columns = parseInt(deck.dataset.columns || "4", 10);
                const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
                if (key in steps) {
                    moveSelection(steps[key]);
                    event.preventDefault();
                    return;
                }
                if (key === "Enter" || key === " ") {
                    const picked = selection;
                    toggleOverview(false);
                    go(picked);
                    event.preventDefault();
                    return;
                }
            }
            switch (key) {
                case "ArrowRight":
                case "ArrowDown":
                case "PageDown":
                case "n":
                case "N":
                    go(index + 1);
                    break;
                case " ":
                    go(event.shiftKey ? index - 1 : index + 1);
                    break;
                case "ArrowLeft":
                case "ArrowUp":
                case "PageUp":
                case "p":
                case "P":
                    go(index - 1);
                    break;
                case "Home":
                    go(0);
                    break;
                case "End":
                    go(last);
                    break;
                case "o":
                case "O":
                    toggleOverview();
                    break;
                case "s":
                case "S":
                    openSpeaker();
                    break;
                case "f":
                case "F":
                    toggleFullscreen();
                    break;
                case "b":
                case "B":
                case ".":
                    blackout.hidden = !blackout.hidden;
                    break;
                case "g":
                case "G":
                    toggleDialog(gotoForm, true);
                    break;
                case "t":
                case "T":
                    themeOverride = !wantsDark();
                    applyTheme();
                    break;
                case "?":
                    toggleDialog(help);
                    break;
                default:
                    return;
            }
            event.preventDefault();
        });

        let touchStart = null;
        deck.addEventListener("touchstart", (event) => {
            const touch = event.changedTouches[0];
            const inLab = event.target instanceof Element && event.target.closest(".lab-mount");
            touchStart = inLab || overview ? null : { x: touch.clientX, y: touch.clientY };
        }, { passive: true });
        deck.addEventListener("touchend", (event) => {
            if (!touchStart) return;
            const touch = event.changedTouches[0];
            const dx = touch.clientX - touchStart.x;
            const dy = touch.clientY - touchStart.y;
            touchStart = null;
            if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) go(dx < 0 ? index + 1 : index - 1);
        }, { passive: true });

        // the controls fade when the mouse rests; keyboard focus shows them
        let idleTimer = null;
        function wake() {
            html.classList.remove("idle");
            clearTimeout(idleTimer);
            idleTimer = setTimeout(() => html.classList.add("idle"), 2500);
        }
        document.addEventListener("mousemove", wake);
        wake();

        // start on the slide the URL names (#/N), else the first
        const initial = fromHash();
        if (initial === null) {
            history.replaceState(null, "", location.pathname + location.search + "#/1");
        }
        show(initial === null ? 0 : initial);

        // for tests and tools
        window.slideDeck = {
            get index() {
                return index;
            },
            get count() {
                return slides.length;
            },
            go: go,
        };
    }

    async function loadLabs() {
        const root = html.dataset.root || "";
        const mounts = Array.from(document.querySelectorAll(".lab-mount[data-bundle]"));
        const bundles = [...new Set(mounts.map((mount) => mount.dataset.bundle))];
        // the bundles of one deck load in parallel
        await Promise.all(bundles.map(async (bundle) => {
            const mine = mounts.filter((mount) => mount.dataset.bundle === bundle);
            try {
                const url = new URL(root + "labs/" + bundle + ".js", document.baseURI);
                const module = await import(url.href);
                await module.default();
                for (const mount of mine) {
                    try {
                        module.mount(mount, mount.dataset.lab, mount.dataset.options || "{}");
                    } catch (error) {
                        mount.textContent = "";
                        const message = mount.appendChild(element("p", "lab-error"));
                        message.setAttribute("role", "alert");
                        message.textContent = "This lab could not start: " + error;
                    }
                }
            } catch (error) {
                for (const mount of mine) {
                    const message = mount.querySelector(".lab-fallback") || mount.appendChild(element("p"));
                    message.className = "lab-error";
                    message.setAttribute("role", "alert");
                    message.textContent = "The interactive lab could not be loaded (" + error + "). Reload the page to try again.";
                }
            }
        }));
    }

    function element(name, className) {
        const created = document.createElement(name);
        if (className) created.className = className;
        return created;
    }
    function button(text, label, action, className) {
        const created = element("button", className);
        created.type = "button";
        created.textContent = text;
        created.title = label;
        created.setAttribute("aria-label", label);
        created.addEventListener("click", (event) => {
            action();
            created.blur();
            event.stopPropagation();
        });
        return created;
    }
    function link(text, href, label) {
        const created = element("a", "deck-link");
        created.textContent = text;
        created.href = href || "#";
        created.title = label;
        return created;
    }
})();
