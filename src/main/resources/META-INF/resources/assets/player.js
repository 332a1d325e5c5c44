// rtcgate WHEP player (plain JS, no dependencies). Served as /assets/player.js to the page at /{stream}/.
//
// One viewing attempt: RTCPeerConnection without ICE servers, recvonly video + audio transceivers, offer, wait for ICE
// gathering (at most 1 s), POST the offer to ./whep (draft-ietf-wish-whep: 201 Created, Location = the session,
// body = the SDP answer), set the answer. A failed attempt (HTTP error, connection 'failed', 'disconnected' for too
// long, DTLS closed by the server, no connection in time) is torn down (DELETE of the session, pc.close) and retried with exponential backoff and
// jitter, or after Retry-After when the server sent one. pagehide DELETEs the session.
//
// For tests and debugging: window.rtcgate = { pc, state, error, firstFrameMillis, firstFrame, attempts, sessionUrl,
// timings, stats() } where stats() resolves to a flat object of the numbers and names tests look at.
(() => {
  'use strict';

  const GATHERING_WAIT_MS = 1000;
  const CONNECT_TIMEOUT_MS = 15000;
  const DISCONNECTED_GRACE_MS = 5000;
  const BACKOFF_INITIAL_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const FRAME_POLL_FAST_MS = 20;
  const FRAME_POLL_SLOW_MS = 500;

  const video = document.getElementById('video');
  const stateElement = document.getElementById('state');
  const whepUrl = new URL('whep', location.href).href;

  let resolveFirstFrame;
  const rtcgate = {
    pc: null,
    state: 'connecting',
    error: null,
    attempts: 0,
    sessionUrl: null,
    firstFrameMillis: null,
    firstFrame: new Promise((resolve) => { resolveFirstFrame = resolve; }),
    timings: {},             // milliseconds since page start of the current attempt's steps
    stats,
  };
  window.rtcgate = rtcgate;

  let generation = 0;        // increases per attempt and on pagehide; callbacks of older attempts do nothing
  let backoffMs = BACKOFF_INITIAL_MS;
  let retryTimer = null;
  let connectTimer = null;
  let disconnectedTimer = null;
  let framePollTimer = null;
  let framesSeen = 0;        // framesDecoded of the current attempt at the last poll

  function mark() {
    return Math.round(performance.now());
  }

  function setState(state, detail) {
    rtcgate.state = state;
    stateElement.dataset.state = state;
    stateElement.textContent = detail ? state + ': ' + detail : state;
  }

  function clearTimers() {
    for (const timer of [retryTimer, connectTimer, disconnectedTimer, framePollTimer]) {
      clearTimeout(timer);
    }
    retryTimer = connectTimer = disconnectedTimer = framePollTimer = null;
  }

  class AttemptError extends Error {
    constructor(message, retryAfterMs) {
      super(message);
      this.retryAfterMs = retryAfterMs;
    }
  }

  function retryAfterMs(response) {
    const header = response.headers.get('Retry-After');
    if (!header) return null;
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, BACKOFF_MAX_MS);
    const date = Date.parse(header);
    return Number.isNaN(date) ? null : Math.min(Math.max(date - Date.now(), 0), BACKOFF_MAX_MS);
  }

  function iceGatheringComplete(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, GATHERING_WAIT_MS);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  function deleteSession(url) {
    if (url) {
      fetch(url, { method: 'DELETE', keepalive: true }).catch(() => {});
    }
  }

  function teardown() {
    clearTimers();
    deleteSession(rtcgate.sessionUrl);
    rtcgate.sessionUrl = null;
    if (rtcgate.pc) {
      rtcgate.pc.close();
    }
  }

  async function connect() {
    const attempt = ++generation;
    clearTimers();
    setState(rtcgate.attempts++ === 0 ? 'connecting' : 'reconnecting');
    rtcgate.error = null;
    rtcgate.timings = { start: mark() };
    framesSeen = 0;

    const pc = new RTCPeerConnection();
    rtcgate.pc = pc;
    const media = new MediaStream();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addEventListener('track', (event) => {
      if (attempt !== generation) return;
      media.addTrack(event.track);
      if (video.srcObject !== media) {
        video.srcObject = media;
      }
      video.play().catch(() => {}); // muted autoplay is allowed; a refusal leaves the controls to the user
    });
    pc.addEventListener('connectionstatechange', () => {
      if (attempt === generation) onConnectionState(pc.connectionState);
    });

    try {
      await pc.setLocalDescription(await pc.createOffer());
      rtcgate.timings.offer = mark();
      await iceGatheringComplete(pc);
      rtcgate.timings.gathered = mark();
      rtcgate.timings.gatheringComplete = pc.iceGatheringState === 'complete';
      if (attempt !== generation) return;
      const response = await fetch(whepUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', 'Accept': 'application/sdp' },
        body: pc.localDescription.sdp,
      });
      const sessionUrl = response.headers.get('Location')
        ? new URL(response.headers.get('Location'), response.url).href : null;
      if (attempt !== generation) {
        if (response.status === 201) deleteSession(sessionUrl); // the page moved on meanwhile
        return;
      }
      if (response.status !== 201) {
        const text = (await response.text()).trim().slice(0, 200);
        throw new AttemptError('WHEP ' + response.status + (text ? ' ' + text : ''), retryAfterMs(response));
      }
      rtcgate.sessionUrl = sessionUrl;
      const answer = await response.text();
      rtcgate.timings.answered = mark();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      if (attempt !== generation) return;
      watchDtls(attempt, pc);
      connectTimer = setTimeout(() => {
        if (attempt === generation && pc.connectionState !== 'connected') {
          fail(new AttemptError('no connection after ' + CONNECT_TIMEOUT_MS / 1000 + ' s'));
        }
      }, CONNECT_TIMEOUT_MS);
      watchFrames(attempt, pc);
    } catch (error) {
      if (attempt === generation) fail(error);
    }
  }

  // The server ending the session (DTLS close_notify) leaves the DTLS transport 'closed' without the peer connection
  // becoming 'failed': treat it as a lost connection too.
  function watchDtls(attempt, pc) {
    const transports = new Set(pc.getReceivers().map((r) => r.transport).filter((t) => t));
    for (const transport of transports) {
      transport.addEventListener('statechange', () => {
        if (attempt !== generation) return;
        if (transport.state === 'closed') fail(new AttemptError('session closed by the server'));
        else if (transport.state === 'failed') fail(new AttemptError('DTLS failed'));
      });
    }
  }

  function onConnectionState(state) {
    if (state === 'connected') {
      rtcgate.timings.connected = mark();
      clearTimeout(disconnectedTimer);
      disconnectedTimer = null;
      clearTimeout(connectTimer);
      connectTimer = null;
    } else if (state === 'disconnected') {
      if (!disconnectedTimer) {
        const attempt = generation;
        disconnectedTimer = setTimeout(() => {
          if (attempt === generation && rtcgate.pc.connectionState !== 'connected') {
            fail(new AttemptError('connection lost'));
          }
        }, DISCONNECTED_GRACE_MS);
      }
    } else if (state === 'failed') {
      fail(new AttemptError('connection failed (ICE or DTLS)'));
    }
  }

  function fail(error) {
    const message = error && error.message ? error.message : String(error);
    generation++;
    teardown();
    const jitter = 0.8 + Math.random() * 0.4;
    const delay = error && error.retryAfterMs != null ? error.retryAfterMs : Math.round(backoffMs * jitter);
    backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
    rtcgate.error = message;
    setState('error', message + ' - retrying in ' + Math.max(1, Math.round(delay / 1000)) + ' s');
    retryTimer = setTimeout(connect, delay);
  }

  // Decoded frames of this attempt, polled from getStats: every 20 ms until the first frame, then every 500 ms.
  // (Not requestVideoFrameCallback: it can fire before getStats shows the frame, and firstFrame promises that
  // stats() already counts it.)
  function watchFrames(attempt, pc) {
    const poll = async () => {
      if (attempt !== generation) return;
      let decoded = 0;
      try {
        const report = await pc.getStats();
        report.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') decoded = s.framesDecoded || 0;
        });
      } catch (e) {
        return; // pc closed meanwhile
      }
      if (attempt !== generation) return;
      if (decoded > 0) onFrames(decoded);
      framePollTimer = setTimeout(poll, framesSeen > 0 ? FRAME_POLL_SLOW_MS : FRAME_POLL_FAST_MS);
    };
    poll();
  }

  function onFrames(decoded) { // decoded > 0
    if (framesSeen === 0) rtcgate.timings.firstFrame = mark();
    if (rtcgate.firstFrameMillis === null) {
      rtcgate.firstFrameMillis = mark();
      resolveFirstFrame(rtcgate.firstFrameMillis);
    }
    framesSeen = Math.max(framesSeen, decoded);
    if (rtcgate.state !== 'playing') {
      backoffMs = BACKOFF_INITIAL_MS;
      setState('playing');
    }
  }

  async function stats() {
    const out = {
      state: rtcgate.state,
      error: rtcgate.error,
      attempts: rtcgate.attempts,
      firstFrameMillis: rtcgate.firstFrameMillis,
      timings: rtcgate.timings,
      framesDecoded: 0, keyFramesDecoded: 0, framesDropped: 0, framesReceived: 0,
      packetsReceived: 0, packetsLost: 0, nackCount: 0, pliCount: 0, firCount: 0,
      frameWidth: 0, frameHeight: 0,
      audioPacketsReceived: 0, audioPacketsLost: 0,
      srtpCipher: null, dtlsCipher: null, tlsVersion: null, dtlsRole: null, dtlsState: null,
      iceState: null, candidatePairState: null, connectionState: null,
    };
    const pc = rtcgate.pc;
    if (!pc) return out;
    out.connectionState = pc.connectionState;
    out.iceState = pc.iceConnectionState;
    const report = await pc.getStats();
    let selectedPairId = null;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        for (const key of ['framesDecoded', 'keyFramesDecoded', 'framesDropped', 'framesReceived', 'packetsReceived',
          'packetsLost', 'nackCount', 'pliCount', 'firCount', 'frameWidth', 'frameHeight']) {
          if (typeof s[key] === 'number') out[key] = s[key];
        }
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.audioPacketsReceived = s.packetsReceived || 0;
        out.audioPacketsLost = s.packetsLost || 0;
      } else if (s.type === 'transport') {
        out.srtpCipher = s.srtpCipher || null;
        out.dtlsCipher = s.dtlsCipher || null;
        out.tlsVersion = s.tlsVersion || null;
        out.dtlsRole = s.dtlsRole || null;
        out.dtlsState = s.dtlsState || null;
        if (s.iceState) out.iceState = s.iceState;
        selectedPairId = s.selectedCandidatePairId || null;
      }
    });
    if (selectedPairId && report.get(selectedPairId)) {
      out.candidatePairState = report.get(selectedPairId).state || null;
    }
    return out;
  }

  window.addEventListener('pagehide', () => {
    generation++;
    teardown();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) connect(); // restored from the back/forward cache
  });

  connect();
})();
