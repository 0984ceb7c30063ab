import Link from 'next/link';
import type { CurrentUser } from '../types/api';

interface HeaderProps {
  currentUser: CurrentUser | null;
}

const Header = ({ currentUser }: HeaderProps) => {
  const links = currentUser
    ? [
        { label: 'Sell Tickets', href: '/tickets/new' },
        { label: 'Sign Out', href: '/auth/signout' },
      ]
    : [
        { label: 'Sign Up', href: '/auth/signup' },
        { label: 'Sign In', href: '/auth/signin' },
      ];

  return (
    <nav className="navbar navbar-expand navbar-light bg-white border-bottom shadow-sm mb-4">
      <div className="container">
        <Link href="/" className="navbar-brand fw-bold">
          GitTix
        </Link>
        {currentUser && (
          <span className="navbar-text small text-truncate me-3 d-none d-md-inline">{currentUser.email}</span>
        )}
        <ul className="navbar-nav ms-auto">
          {links.map(({ label, href }) => (
            <li key={href} className="nav-item">
              <Link href={href} className="nav-link">
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
};

export default Header;
