package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters from the OWASP Password Storage cheat sheet
// (m=19 MiB, t=2, p=1). A hash made with other parameters is upgraded on the
// next successful sign-in.
const (
	argonMemory  = 19456
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashSlots caps concurrent hashes: each takes 19 MiB and a core, and a burst
// of sign-ins must not starve the rest of the server.
var hashSlots = make(chan struct{}, 2)

// ErrMismatch is returned by VerifyPassword for a wrong password.
var ErrMismatch = errors.New("auth: password mismatch")

// HashPassword returns a PHC-format argon2id hash.
func HashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key, err := derive(ctx, password, salt, argonMemory, argonTime, argonThreads)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

func derive(ctx context.Context, password string, salt []byte, m, t uint32, p uint8) ([]byte, error) {
	select {
	case hashSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), salt, t, m, p, argonKeyLen), nil
}

// VerifyPassword checks password against a PHC hash. needsRehash reports a
// hash made with older parameters.
func VerifyPassword(ctx context.Context, password, phc string) (needsRehash bool, err error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("auth: unknown hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("auth: unsupported argon2 version")
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errors.New("auth: bad argon2 parameters")
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errors.New("auth: bad salt")
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, errors.New("auth: bad hash")
	}
	got, err := derive(ctx, password, salt, m, t, p)
	if err != nil {
		return false, err
	}
	if subtle.ConstantTimeCompare(got[:min(len(got), len(want))], want) != 1 || len(got) != len(want) {
		return false, ErrMismatch
	}
	return m != argonMemory || t != argonTime || p != argonThreads, nil
}

// dummyHash is verified against when the username is unknown, so that a
// wrong username takes as long as a wrong password.
var dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Qh5u7ZgSNiB9y6d0nU9P0k2t0Lp6r1i3m7QGk3lW2pA"

// BurnTime spends the time of one verification.
func BurnTime(ctx context.Context, password string) {
	_, _ = VerifyPassword(ctx, password, dummyHash)
}

// commonPasswords are refused outright; the list holds the shapes that pass
// the class rule yet top every leaked-password list, plus local favourites.
var commonPasswords = map[string]bool{
	"password1!": true, "password@1": true, "p@ssw0rd": true, "p@ssword1": true, "passw0rd!": true,
	"admin@123": true, "admin123!": true, "admin@1234": true, "qwer@1234": true, "qwe123!@#": true,
	"abc@1234": true, "abc123!@#": true, "aa123456!": true, "a1234567!": true, "1qaz@wsx": true,
	"1qaz2wsx!": true, "zaq1@wsx": true, "woaini1314!": true, "woaini@1314": true, "jiaoyu@123": true,
	"xuexiao@123": true, "jiaoyuju@123": true, "xietong@123": true, "welcome@1": true, "root@123": true,
	"test@1234": true, "12345678a!": true, "a12345678.": true,
}

// CheckPasswordPolicy returns a Chinese message when password breaks the
// policy: at least 8 characters, three of upper, lower, digit and symbol,
// at most 128 bytes, not a common password, not containing the username.
func CheckPasswordPolicy(password, username string) string {
	if utf8.RuneCountInString(password) < 8 {
		return "密码至少需要 8 个字符"
	}
	if len(password) > 128 {
		return "密码不能超过 128 个字符"
	}
	var upper, lower, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			symbol = true
		}
	}
	n := 0
	for _, b := range []bool{upper, lower, digit, symbol} {
		if b {
			n++
		}
	}
	if n < 3 {
		return "密码需包含大写字母、小写字母、数字、符号中的至少三类"
	}
	lp := strings.ToLower(password)
	if commonPasswords[lp] {
		return "该密码过于常见，请换一个"
	}
	if u := strings.ToLower(username); len(u) >= 3 && strings.Contains(lp, u) {
		return "密码不能包含用户名"
	}
	return ""
}

// otpAlphabet leaves out characters that are easy to misread (0/O, 1/l/I).
const otpAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// OneTimePassword makes a random password that meets the policy, for an
// administrator or a school office to hand to a new or locked-out user. It is
// stored with must_change_password, so the user replaces it at first sign-in.
func OneTimePassword() (string, error) {
	b := make([]byte, 12)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(otpAlphabet))))
		if err != nil {
			return "", fmt.Errorf("auth: one-time password: %w", err)
		}
		b[i] = otpAlphabet[n.Int64()]
	}
	// The fixed tail guarantees three character classes and a symbol.
	return string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:]) + "Aa9", nil
}
